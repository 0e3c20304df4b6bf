/* ABI version of this SDK. Pure C99.
 *
 * A plugin loads when its major equals the host's major and the host's minor is at least the
 * plugin's min_host_minor. Minors only append (fields at struct tails, slots at table tails,
 * new enum values); a major bump means a new entry symbol.
 */
#ifndef GW_ABI_VERSION_H
#define GW_ABI_VERSION_H

#include <stdint.h>

#define GW_ABI_MAJOR 1
#define GW_ABI_MINOR 2
#define GW_ABI_PATCH 0

typedef struct gw_abi_version {
    uint16_t major;
    uint16_t minor;
    uint32_t patch;
} gw_abi_version;

#define GW_ABI_XSTR_(x) #x
#define GW_ABI_XSTR(x) GW_ABI_XSTR_(x)

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define GW_ABI_ENDIAN_ "be"
#else
#define GW_ABI_ENDIAN_ "le"
#endif

#if defined(__x86_64__)
#define GW_ABI_ARCH_ "x86_64"
#elif defined(__aarch64__)
#define GW_ABI_ARCH_ "aarch64"
#else
#define GW_ABI_ARCH_ "other"
#endif

#if defined(__linux__)
#define GW_ABI_OS_ "linux"
#else
#define GW_ABI_OS_ "other"
#endif

/* Pointer size, byte order, OS and CPU a binary was built for: host and plugin must agree. */
#define GW_BUILD_SIGNATURE "ptr" GW_ABI_XSTR(__SIZEOF_POINTER__) "-" GW_ABI_ENDIAN_ "-" GW_ABI_OS_ "-" GW_ABI_ARCH_

#endif /* GW_ABI_VERSION_H */

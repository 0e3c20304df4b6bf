/* Everything in ABI 1.x. */
#ifndef GW_ABI_GW_H
#define GW_ABI_GW_H
#include "entry.h"
#include "host.h"
#include "payment.h"
#include "provider.h"
#include "task.h"
#include "types.h"
#include "version.h"
#endif

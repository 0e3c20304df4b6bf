# Writes a plugin manifest beside its library: id, version, kind, ABI and the library's sha256.
# Invoked by gw_add_plugin after each build: cmake -DLIB= -DOUT= -DID= -DVERSION= -DKIND= -DABI= -P
file(SHA256 "${LIB}" sha)
get_filename_component(lib_name "${LIB}" NAME)
file(WRITE "${OUT}" "<?xml version=\"1.0\" encoding=\"UTF-8\"?>
<plugin id=\"${ID}\" version=\"${VERSION}\" kind=\"${KIND}\" abi=\"${ABI}\">
  <library>${lib_name}</library>
  <sha256>${sha}</sha256>
</plugin>
")

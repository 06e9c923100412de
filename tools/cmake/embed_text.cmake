# Writes a C++ source that defines `const char <SYMBOL>[]` holding the bytes of INPUT.
# Used at build time to embed schemas/*.sql and *.xsd into the binary, as ninja
# embeds browse.py. Run as: cmake -DINPUT=... -DOUTPUT=... -DSYMBOL=... -P embed_text.cmake
file(READ "${INPUT}" content)
string(FIND "${content}" ")BKEMBED\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${INPUT} contains the raw-string delimiter )BKEMBED\"")
endif()
file(WRITE "${OUTPUT}.tmp"
  "// Generated from ${INPUT} by tools/cmake/embed_text.cmake. Do not edit.\n"
  "namespace breachkit {\n"
  "extern const char ${SYMBOL}[];\n"
  "const char ${SYMBOL}[] = R\"BKEMBED(${content})BKEMBED\";\n"
  "}  // namespace breachkit\n")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")

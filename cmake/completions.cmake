# Writes the shell completion scripts by running the built binary:
#   cmake -DDEALS=path/to/deals -DOUT=dir -P completions.cmake
# so the installed scripts always match the commands and options of that binary.
foreach(pair "bash;deals" "zsh;_deals" "fish;deals.fish")
  list(GET pair 0 shell)
  list(GET pair 1 file)
  execute_process(COMMAND "${DEALS}" completion ${shell}
                  OUTPUT_FILE "${OUT}/${file}.tmp" RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${DEALS} completion ${shell} failed (${rc})")
  endif()
  file(RENAME "${OUT}/${file}.tmp" "${OUT}/${file}")
endforeach()

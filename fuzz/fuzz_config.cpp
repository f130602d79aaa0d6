// libFuzzer target: the pipeline.toml reader (our prescan, then toml++). Any input must
// parse or throw deals::Error; nothing else may escape, crash or assert.
#include <cstdint>
#include <string_view>

#include "core/error.hpp"
#include "store/config_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    deals::parse_config(text, "pipeline.toml");
  } catch (const deals::Error&) {
  }
  return 0;
}

// libFuzzer target: the CSV reader used by `deals import`. Any input must read or throw
// deals::Error; records have at least one field and increasing line numbers.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/error.hpp"
#include "store/csv.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  deals::CsvLimits limits;
  limits.max_fields = 100;
  limits.max_cells = 10000;
  try {
    int last = 0;
    for (const auto& row : deals::read_csv(text, "in.csv", limits)) {
      if (row.fields.empty() || row.line <= last) std::abort();
      last = row.line;
    }
  } catch (const deals::Error&) {
  }
  return 0;
}

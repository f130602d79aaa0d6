// libFuzzer target: the splicing writer (SPEC 10). The input is a deal file followed by 16
// bytes that choose a random valid edit (tests/unit/deal_mutate.hpp). A file that decodes
// is edited; the spliced bytes must read back as exactly the edited deal, and a splice
// that cannot be done in place must fall back to bytes that do too.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "deal_mutate.hpp"
#include "store/deal_codec.hpp"
#include "store/deal_edit.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace deals;
  constexpr size_t kChoices = 16;
  if (size < kChoices) return 0;
  static const Config config = Config::defaults();
  const std::string_view bytes(reinterpret_cast<const char*>(data), size - kChoices);
  const uint8_t* choices = data + size - kChoices;
  size_t used = 0;
  const testing::Pick pick = [&](size_t n) -> size_t {
    if (n == 0) return 0;
    const size_t i = used++;
    const size_t c = choices[i % kChoices] + 256 * (i / kChoices);
    return c % n;
  };
  Deal before;
  std::vector<Problem> problems;
  if (!decode_deal(bytes, "x", "deals/x.yaml", config, before, problems)) return 0;
  const Deal after = testing::mutate(before, config, pick);
  const std::string out = splice_deal(bytes, before, after, config);
  Deal back;
  problems.clear();
  if (!decode_deal(out, "x", "deals/x.yaml", config, back, problems) || !(back == after))
    std::abort();
  if (before == after && out != bytes) std::abort();  // no change, no new bytes
  return 0;
}

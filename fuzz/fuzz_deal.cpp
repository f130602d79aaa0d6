// libFuzzer target: the deal reader. Any input must decode cleanly or fail with located
// problems; a decoded deal must encode to bytes that decode to the same deal.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "store/deal_codec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace deals;
  static const Config config = Config::defaults();
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  Deal deal;
  std::vector<Problem> problems;
  const bool ok = decode_deal(bytes, "x", "deals/x.yaml", config, deal, problems);
  if (ok != problems.empty()) std::abort();
  for (const Problem& p : problems)
    if (p.line == 0 || p.message.empty()) std::abort();
  if (ok) {
    const std::string text = encode_deal(deal, config);
    Deal back;
    std::vector<Problem> again;
    if (!decode_deal(text, "x", "deals/x.yaml", config, back, again) || !(back == deal))
      std::abort();
    if (encode_deal(back, config) != text) std::abort();
  }
  return 0;
}

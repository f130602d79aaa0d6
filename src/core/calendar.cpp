#include "core/calendar.hpp"

#include <algorithm>
#include <cstdint>
#include <tuple>

#include "core/outcome.hpp"

namespace deals {

std::vector<CalendarEvent> calendar_events(const std::vector<Deal>& deals,
                                           std::optional<Date> until, bool closing) {
  std::vector<CalendarEvent> out;
  for (const auto& deal : deals) {
    auto closed = closing_of(deal);
    if (deal.next && deal.next->due && (!closed || closed->won) &&
        (!until || *deal.next->due <= *until))
      out.push_back({CalendarEvent::Kind::NextAction, &deal, *deal.next->due});
    if (closing && !closed && deal.expected_close)
      out.push_back({CalendarEvent::Kind::ExpectedClose, &deal, *deal.expected_close});
  }
  std::sort(out.begin(), out.end(), [](const CalendarEvent& a, const CalendarEvent& b) {
    return std::tie(a.date, a.kind, a.deal->id) < std::tie(b.date, b.kind, b.deal->id);
  });
  return out;
}

std::string event_uid(const CalendarEvent& e) {
  if (e.kind == CalendarEvent::Kind::ExpectedClose) return "close-" + e.deal->id + "@deals";
  // FNV-1a, 64 bits: fixed by definition, so the UID is the same on every machine and in
  // every version.
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : e.deal->next->action) {
    h ^= c;
    h *= 1099511628211ull;
  }
  static const char* kHex = "0123456789abcdef";
  std::string hex(16, '0');
  for (int i = 15; i >= 0; --i, h >>= 4) hex[static_cast<size_t>(i)] = kHex[h & 15];
  return "next-" + e.deal->id + "-" + hex + "@deals";
}

}  // namespace deals

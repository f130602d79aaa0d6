#include "render/ics.hpp"

#include <algorithm>

#include "core/text.hpp"
#include "render/table.hpp"

namespace deals {

std::string ics_text(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    switch (c) {
      case '\\':
      case ';':
      case ',':
        out += '\\';
        out += c;
        break;
      case '\r':
        if (i + 1 < text.size() && text[i + 1] == '\n') break;  // CRLF: one line end
        out += "\\n";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        out += (static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7F ? ' ' : c;
    }
  }
  return out;
}

std::string ics_line(std::string_view line) {
  std::string out;
  size_t room = 75;  // octets left on the current physical line
  for (size_t i = 0; i < line.size();) {
    size_t len = utf8_sequence_length(static_cast<unsigned char>(line[i]));
    len = std::min(len, line.size() - i);
    if (len > room) {
      out += "\r\n ";
      room = 74;
    }
    out.append(line.substr(i, len));
    room -= len;
    i += len;
  }
  return out + "\r\n";
}

namespace {

std::string ymd(Date d) {
  std::string s = d.str();
  return s.substr(0, 4) + s.substr(5, 2) + s.substr(8, 2);
}

std::string label(const Deal& d) {
  return d.company ? *d.company + " · " + d.title : d.title;
}

std::string description(const Deal& d, const Config& config) {
  std::string out = label(d) + "\ndeal: " + d.id + "\nstage: " + d.stage;
  if (d.value) out += "\nvalue: " + money(*d.value) + " " + d.currency.value_or(config.currency);
  std::string contact = d.contact.name.value_or("");
  for (const auto* part : {&d.contact.phone, &d.contact.email})
    if (*part) contact += (contact.empty() ? "" : ", ") + **part;
  if (!contact.empty()) out += "\ncontact: " + contact;
  if (d.next) {
    out += "\nnext: " + d.next->action;
    if (d.next->due) out += " (due " + d.next->due->str() + ")";
  }
  if (d.expected_close) out += "\nexpected close: " + d.expected_close->str();
  return out;
}

}  // namespace

std::string render_ics(const std::vector<CalendarEvent>& events, const Config& config, Date stamp) {
  std::string out;
  auto line = [&](std::string_view name, std::string_view value) {
    out += ics_line(std::string(name) + ":" + std::string(value));
  };
  line("BEGIN", "VCALENDAR");
  line("VERSION", "2.0");
  line("PRODID", "-//deals//deals//EN");
  line("CALSCALE", "GREGORIAN");
  line("METHOD", "PUBLISH");
  line("X-WR-CALNAME", ics_text(config.name));
  // How often a subscribed calendar should fetch the feed again (RFC 7986 and the
  // older name Outlook and Google read).
  line("REFRESH-INTERVAL;VALUE=DURATION", "PT1H");
  line("X-PUBLISHED-TTL", "PT1H");
  for (const auto& e : events) {
    const Deal& d = *e.deal;
    bool next = e.kind == CalendarEvent::Kind::NextAction;
    line("BEGIN", "VEVENT");
    line("UID", event_uid(e));
    line("DTSTAMP", ymd(stamp) + "T000000Z");
    line("DTSTART;VALUE=DATE", ymd(e.date));
    line("DTEND;VALUE=DATE", ymd(e.date.add_days(1)));
    line("SUMMARY", ics_text(next ? d.next->action + " — " + (d.company ? *d.company : d.title)
                                  : "Expected close: " + label(d)));
    line("DESCRIPTION", ics_text(description(d, config)));
    line("CATEGORIES", next ? "next action" : "expected close");
    line("TRANSP", "TRANSPARENT");
    line("END", "VEVENT");
  }
  line("END", "VCALENDAR");
  return out;
}

}  // namespace deals

// default_config_text: the commented pipeline.toml that `deals init` writes.
#include <cstdio>

#include "store/config_file.hpp"

namespace deals {
namespace {

// A TOML basic string: quotes, backslashes and control characters escaped, everything
// else (UTF-8 included) kept as is.
std::string toml_string(const std::string& s) {
  std::string out = "\"";
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (c < 0x20 || c == 0x7F) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04X", c);
          out += buf;
        } else {
          out += ch;
        }
    }
  }
  return out + "\"";
}

// Pads `setting` to a column so the trailing comments line up.
std::string line(const std::string& setting, const std::string& comment) {
  std::string out = setting;
  if (out.size() < 26) out.append(26 - out.size(), ' ');
  return out + " # " + comment + "\n";
}

}  // namespace

std::string default_config_text(const std::string& name, const std::string& currency) {
  std::string t;
  t += "# deals pipeline configuration. Each setting shows its default; a setting left out\n";
  t += "# takes that default. See deals(1) for details.\n\n";
  t += line("name = " + toml_string(name), "shown in report headers");
  t += line("currency = " + toml_string(currency), "currency of deal values (a deal may name another)");
  t += line("stall_days = 14", "an open deal with no activity for longer than this is stalled");
  t += line("week_start = \"monday\"", "first day of the week in reviews (monday..sunday)");
  t += R"(
# The open stages, in order. New leads start in the first; a lead that passes
# qualification moves to the second. `won` and `lost` are always the two closed stages
# and are not listed. Names use lowercase letters, digits and '-'.
)";
  t += "[[stages]]\n";
  t += line("name = \"lead\"", "where new leads start");
  t += line("probability = 0.05", "chance of winning, 0..1; weighs the forecast");
  t += line("stall_days = 7", "optional; overrides the global stall_days here");
  t += "[[stages]]\n";
  t += line("name = \"qualified\"", "where a lead that passes qualification moves");
  t += line("probability = 0.10", "chance of winning");
  t += line("stall_days = 7", "stalled after 7 idle days");
  t += "[[stages]]\n";
  t += line("name = \"contacted\"", "first real conversation");
  t += line("probability = 0.20", "chance of winning");
  t += line("stall_days = 10", "stalled after 10 idle days");
  t += "[[stages]]\n";
  t += line("name = \"demo\"", "shown or presented");
  t += line("probability = 0.35", "chance of winning; stall_days: the global one");
  t += "[[stages]]\n";
  t += line("name = \"proposal\"", "offer sent");
  t += line("probability = 0.50", "chance of winning; stall_days: the global one");
  t += "[[stages]]\n";
  t += line("name = \"negotiation\"", "terms being settled");
  t += line("probability = 0.75", "chance of winning");
  t += line("stall_days = 21", "stalled after 21 idle days");
  t += "\n[qualification]\n";
  t += line("criteria = [\"budget\", \"authority\", \"need\", \"timeline\"]",
            "BANT questions `deals qualify` asks");
  t += line("required = 3", "criteria that must be met to pass");
  t += "\n[git]\n";
  t += line("autocommit = false", "commit each change when the pipeline is in a git work tree");
  t += R"(
# Points toward the 0-100 lead score: points earned / points possible. Keys are the
# qualification criteria (one not listed here weighs 15) plus activity and next_action.
[score]
)";
  t += line("budget = 20", "budget criterion met");
  t += line("authority = 15", "authority criterion met");
  t += line("need = 25", "need criterion met");
  t += line("timeline = 15", "timeline criterion met");
  t += line("activity = 15", "full when active today, none once stalled");
  t += line("next_action = 10", "a next action that is not overdue");
  return t;
}

}  // namespace deals

#include "cli/context.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "core/error.hpp"
#include "core/text.hpp"

namespace deals {

Pipeline& Context::pipeline() {
  if (!pipeline_) {
    const char* env = std::getenv("DEALS_DIR");
    std::error_code ec;
    std::filesystem::path cwd = std::filesystem::current_path(ec);
    if (ec) throw Error("cannot determine the current directory: " + ec.message());
    pipeline_ = std::make_unique<Pipeline>(find_root(dash_c, env ? env : "", cwd), store);
  }
  return *pipeline_;
}

StoreSettings read_store_settings() {
  auto env = [](const char* name) -> std::string_view {
    const char* v = std::getenv(name);
    return v ? v : "";
  };
  return parse_store_settings({env("DEALS_LOCK_TIMEOUT"), env("DEALS_GIT_LOCK_TIMEOUT"),
                               env("DEALS_CACHE"), env("EMAIL"), env("PATH"), env("TMPDIR")});
}

void Context::warn(const std::string& msg) const {
  *err << "deals: warning: " << msg << "\n";
}

void Context::warn_skipped(const std::vector<Problem>& problems) const {
  for (const auto& p : problems) warn(sanitize(p.str()) + " (skipped)");
}

Date Context::date_arg(const std::string& text, const std::string& option) const {
  auto d = parse_date_arg(text, today);
  if (!d)
    throw usage_error(option + ": invalid date '" + sanitize(text) +
                      "' (use YYYY-MM-DD, today, yesterday, tomorrow, or +N/-N with d, w or m)");
  return *d;
}

Date Context::event_date_arg(const std::string& text, const std::string& option) const {
  if (text.empty()) return today;
  Date d = date_arg(text, option);
  if (d > today)
    throw usage_error(option + ": " + d.str() + " is after today (" + today.str() +
                      "); record what happened, and plan ahead with 'deals next ID ACTION "
                      "--due DATE' or --expected-close");
  return d;
}

Date Context::as_of_arg(const std::string& text) const {
  Date d = date_arg(text, "--as-of");
  if (d > today)
    throw usage_error("--as-of: " + d.str() + " is after today (" + today.str() +
                      "); --as-of rebuilds the past from history (the months ahead: "
                      "'deals forecast')");
  return d;
}

}  // namespace deals

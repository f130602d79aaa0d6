// deals: the command-line entry point. Builds the command table into a CLI11 app, sets up
// the context (today, colour), runs the chosen command and is the one place that turns
// errors into messages and exit codes.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <ctime>

#include "cli/autocommit.hpp"
#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "store/heap.hpp"

using namespace deals;

namespace {

Date system_today() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  return *Date::from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

// The first word that is not a global option: the command the user meant.
std::string command_word(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "-C" || a == "--today") {
      ++i;
      continue;
    }
    if (a.empty() || a[0] == '-') continue;
    return a;
  }
  return "";
}

void check_command(const std::string& word) {
  if (word.empty()) return;
  std::vector<std::string> names;
  for (const auto& c : commands()) {
    if (word == c.name) return;
    names.push_back(c.name);
  }
  std::string msg = "unknown command '" + sanitize(word) + "'";
  if (auto best = closest(word, names)) msg += ", did you mean '" + *best + "'?";
  throw usage_error(msg + " (see 'deals --help')");
}

// CLI11's conversion failures ("Could not convert: --months = abc") in the style of every
// other message: "--months: expected a whole number, got 'abc'".
std::string plain_message(const std::string& what) {
  const std::string prefix = "Could not convert: ";
  if (what.rfind(prefix, 0) != 0) return what;
  std::string rest = what.substr(prefix.size());
  auto eq = rest.find(" = ");
  if (eq == std::string::npos) return "invalid value: " + sanitize(rest);
  return rest.substr(0, eq) + ": expected a whole number, got '" + sanitize(rest.substr(eq + 3)) +
         "'";
}

void prepare(Context& ctx) {
  std::string today = ctx.today_arg;
  std::string source = "--today";
  if (today.empty())
    if (const char* env = std::getenv("DEALS_TODAY")) today = env, source = "DEALS_TODAY";
  Date now = system_today();
  if (today.empty()) {
    ctx.today = now;
  } else {
    auto d = parse_date_arg(today, now);
    if (!d) {
      std::string msg = source + ": invalid date '" + sanitize(today) + "'";
      // A bad --today is a usage error; a bad environment is not the command line's fault.
      if (source == "--today") throw usage_error(msg);
      throw Error(msg);
    }
    ctx.today = *d;
  }
  check_environment();
  ctx.stdout_tty = ::isatty(STDOUT_FILENO);
  ctx.stdin_tty = ::isatty(STDIN_FILENO);
  const char* no_color = std::getenv("NO_COLOR");
  ctx.style.color = ctx.stdout_tty && !ctx.no_color && !(no_color && *no_color);
}

// The --format a command will use (the first listed in the option's help is its default),
// or "" when it has no --format option.
std::string chosen_format(const CLI::App& sub) {
  const CLI::Option* opt = sub.get_option_no_throw("--format");
  if (!opt) return "";
  if (opt->count() > 0) return opt->as<std::string>();
  const std::string& help = opt->get_description();  // "output format: a|b (default a)"
  auto at = help.find("(default ");
  if (at == std::string::npos) return "";
  at += 9;
  return help.substr(at, help.find(')', at) - at);
}

int run(int argc, char** argv, Context& ctx, OutputBuf& out) {
  CLI::App app{"deals: a git-friendly sales pipeline in plain YAML files", "deals"};
  app.set_version_flag("--version", std::string("deals ") + DEALS_VERSION);
  app.add_option("-C", ctx.dash_c,
                 "use the pipeline in DIR (default: $DEALS_DIR, else search upwards)")
      ->option_text("DIR");
  app.add_option("--today", ctx.today_arg,
                 "take DATE as today (default: $DEALS_TODAY, else the clock)")
      ->option_text("DATE");
  app.add_flag("--no-color", ctx.no_color,
               "no colour (also off with NO_COLOR or when not a terminal)");
  app.require_subcommand(1, 1);
  app.footer(
      "A DATE is YYYY-MM-DD, today, yesterday, tomorrow, or +N/-N with d, w or m (+3d, -2w).\n"
      "A deal is named by its id or any unique prefix of it.\n"
      "Run 'deals COMMAND --help' for a command's options; 'man deals' for the whole story.");
  std::map<const CLI::App*, const CommandDef*> defs;
  for (const auto& c : commands()) {
    CLI::App* sub = app.add_subcommand(c.name, c.summary);
    sub->fallthrough();
    c.setup(*sub, ctx);
    defs[sub] = &c;
  }
  // Every argument may end up in a deal file, which holds UTF-8 only.
  for (int i = 1; i < argc; ++i)
    if (!is_valid_utf8(argv[i]))
      throw usage_error("argument " + std::to_string(i) + " ('" + sanitize(argv[i]) +
                        "') is not valid UTF-8");
  try {
    check_command(command_word(argc, argv));
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::string msg = plain_message(e.what());
    throw usage_error(msg + " (see 'deals " +
                      (app.get_subcommands().empty() ? std::string()
                                                     : app.get_subcommands()[0]->get_name() + " ") +
                      "--help')");
  }
  prepare(ctx);
  CLI::App* sub = app.get_subcommands().at(0);
  // Raw formats carry deal data as it is (a file gets exact bytes); on a terminal their
  // control characters are shown as escapes instead of being obeyed.
  if (ctx.stdout_tty) {
    std::string format = chosen_format(*sub);
    if (!format.empty() && format != "text") out.escape_controls();
  }
  int code = ctx.runners.at(sub)();
  if (defs[sub]->mutates) autocommit(ctx);
  return code;
}

int run_and_report(int argc, char** argv, Context& ctx, OutputBuf& out) {
  try {
    return run(argc, argv, ctx, out);
  } catch (const Error& e) {
    std::cerr << "deals: " << e.what() << "\n";
    return e.exit_code();
  } catch (const std::bad_alloc&) {
    std::cerr << "deals: out of memory\n";
    return kFailure;
  } catch (const std::exception& e) {
    std::cerr << "deals: " << e.what() << "\n";
    return kFailure;
  }
}

// Output is written through checked buffers: a failed write, flush or close of stdout is
// reported on stderr and makes the exit status 1; a failed write to stderr (where nothing
// more can be said) makes it 1 too.
int finish_output(int code, OutputBuf& out, OutputBuf& err) {
  int e = out.finish();
  if (::close(STDOUT_FILENO) != 0 && e == 0 && errno != EBADF) e = errno;
  if (e != 0) {
    std::cerr << "deals: writing output: " << std::strerror(e) << "\n";
    if (code == 0) code = kFailure;
  }
  if (err.finish() != 0 && code == 0) code = kFailure;
  return code;
}

}  // namespace

int main(int argc, char** argv) {
  // Loading many deals: the heap grown once (6 KiB a deal), huge pages where the decoded
  // deals go (4 KiB a deal); see docs/performance.md for the measurements.
  set_heap_policy({.grow_per_deal = 6 << 10, .huge_per_deal = 4 << 10});
  OutputBuf out(STDOUT_FILENO, ::isatty(STDOUT_FILENO));
  OutputBuf err(STDERR_FILENO, false);
  std::cout.rdbuf(&out);
  std::cerr.rdbuf(&err);  // unit-buffered: written at every <<
  Context ctx;
  int code = run_and_report(argc, argv, ctx, out);
  code = finish_output(code, out, err);
  std::cout.rdbuf(nullptr);
  std::cerr.rdbuf(nullptr);
  return code;
}

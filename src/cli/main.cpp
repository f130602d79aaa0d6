// deals: the command-line entry point. Builds the command table into the command line,
// sets up the context (today, colour), gives the chosen command what the table says it
// needs (the pipeline, the deals, the lock), runs it and is the one place that turns
// errors into messages and exit codes.
#include <unistd.h>

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
  ctx.store = read_store_settings();
  ctx.stdout_tty = ::isatty(STDOUT_FILENO);
  ctx.stdin_tty = ::isatty(STDIN_FILENO);
  const char* no_color = std::getenv("NO_COLOR");
  ctx.style.color = ctx.stdout_tty && !ctx.no_color && !(no_color && *no_color);
}

bool writes(Needs needs) {
  return needs == Needs::lock || needs == Needs::own_lock;
}

// What the table says the command needs, done once, after its argument checks.
void provide(Context& ctx, Needs needs, const Runner& r) {
  if (needs == Needs::nothing || needs == Needs::own_lock) return;
  Pipeline& p = ctx.pipeline();
  if (needs == Needs::deals) {
    ctx.loaded = p.load_all();
    ctx.warn_skipped(ctx.loaded.problems);
  } else if (needs == Needs::lock && (!r.writes || r.writes())) {
    p.lock();
  }
}

int run(int argc, char** argv, Context& ctx, OutputBuf& out) {
  CommandLine line(ctx.dash_c, ctx.today_arg, ctx.no_color);
  ctx.command_line = &line;
  std::vector<Runner> runners;
  for (const auto& c : commands())
    runners.push_back(c.setup(line.add_command(c.name, c.summary, c.formats), ctx));
  // Every argument may end up in a deal file, which holds UTF-8 only.
  for (int i = 1; i < argc; ++i)
    if (!is_valid_utf8(argv[i]))
      throw usage_error("argument " + std::to_string(i) + " ('" + sanitize(argv[i]) +
                        "') is not valid UTF-8");
  check_command(command_word(argc, argv));
  if (int code = line.parse(argc, argv); code >= 0) return code;  // --help, --version
  prepare(ctx);
  const size_t chosen = line.chosen();
  const CommandDef& def = commands()[chosen];
  ctx.format = line.args_of(chosen).chosen_format();
  // Raw formats carry deal data as it is (a file gets exact bytes); on a terminal their
  // control characters are shown as escapes instead of being obeyed.
  if (ctx.stdout_tty && ctx.format != Format::Text) out.escape_controls();
  const Runner& r = runners[chosen];
  if (r.check) r.check();
  provide(ctx, def.needs, r);
  int code = r.run();
  if (writes(def.needs)) autocommit(ctx);
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

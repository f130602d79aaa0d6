// The one translation unit that includes CLI11: the command declarations of args.hpp
// and the parse of the whole command line.
#include "cli/args.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>

#include "core/error.hpp"
#include "core/text.hpp"

namespace deals {

namespace {

constexpr Format kAllFormats[] = {Format::Text, Format::Json, Format::Csv, Format::Md,
                                  Format::Yaml, Format::Html, Format::Ics};

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

// The option names `app` and its parents know, with their dashes (--stage, -C).
std::vector<std::string> option_names(const CLI::App* app) {
  std::vector<std::string> out;
  for (; app; app = app->get_parent())
    for (const CLI::Option* o : app->get_options()) {
      for (const auto& l : o->get_lnames()) out.push_back("--" + l);
      for (const auto& s : o->get_snames()) out.push_back("-" + s);
    }
  return out;
}

// Arguments CLI11 did not expect ("The following arguments were not expected: lead
// --stgae"), said as every other usage error: the first unknown option with "did you
// mean", else the first argument too many.
std::string extras_message(const CLI::App& app, const std::string& what, int argc, char** argv) {
  const CLI::App* sub = app.get_subcommands().empty() ? &app : app.get_subcommands()[0];
  const std::vector<std::string> known = option_names(sub);
  const std::string where = sub == &app ? std::string() : sub->get_name() + ": ";
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--") break;
    if (arg.size() < 2 || arg[0] != '-' || (arg[1] >= '0' && arg[1] <= '9')) continue;
    std::string name = arg.substr(0, arg.find('='));
    if (arg[1] != '-') name = arg.substr(0, 2);
    if (std::find(known.begin(), known.end(), name) != known.end()) continue;
    std::string msg = where + "unknown option '" + sanitize(name) + "'";
    if (name.size() > 3)  // one letter away from -h is no suggestion
      if (auto best = closest(name, known)) msg += ", did you mean '" + *best + "'?";
    return msg;
  }
  // "...not expected: y x" lists the extras last first.
  std::string extra = what.substr(what.find(": ") == std::string::npos ? 0 : what.find(": ") + 2);
  extra = extra.substr(extra.rfind(' ') == std::string::npos ? 0 : extra.rfind(' ') + 1);
  return where + "unexpected argument '" + sanitize(extra) + "'";
}

// CLI11's help with the option column kept to name and value: it would glue "Excludes:
// --won --lost --all" to a flag's name, where the flags' own help says what they choose.
class HelpFormatter : public CLI::Formatter {
 public:
  std::string make_option_opts(const CLI::Option* opt) const override {
    std::string s = CLI::Formatter::make_option_opts(opt);
    if (auto at = s.find(" Excludes:"); at != std::string::npos) s.erase(at);
    return s;
  }
};

}  // namespace

const char* format_name(Format f) {
  switch (f) {
    case Format::Json:
      return "json";
    case Format::Csv:
      return "csv";
    case Format::Md:
      return "md";
    case Format::Yaml:
      return "yaml";
    case Format::Html:
      return "html";
    case Format::Ics:
      return "ics";
    default:
      return "text";
  }
}

Format parse_format(const std::string& text, const std::vector<Format>& allowed) {
  for (Format f : allowed)
    if (text == format_name(f)) return f;
  std::string list;
  for (Format f : allowed) list += (list.empty() ? "" : ", ") + std::string(format_name(f));
  throw usage_error("--format: unknown format '" + sanitize(text) + "' (choose " + list + ")");
}

// --- Arg ---

Arg& Arg::required() {
  opt_->required();
  return *this;
}

Arg& Arg::text(const std::string& label) {
  opt_->option_text(label);
  info_.label = label;
  return *this;
}

Arg& Arg::one_value() {
  opt_->allow_extra_args(false);
  return *this;
}

Arg& Arg::choices(const std::vector<std::string>& words) {
  opt_->check(CLI::IsMember(words));
  return this->words(words);
}

Arg& Arg::range(int lo, int hi) {
  opt_->check(CLI::Range(lo, hi));
  return *this;
}

Arg& Arg::completes(Complete what) {
  info_.complete = what;
  return *this;
}

Arg& Arg::words(const std::vector<std::string>& words) {
  info_.complete = Complete::Word;
  info_.words = words;
  return *this;
}

Arg& Arg::excludes(Arg& other) {
  opt_->excludes(other.opt_);
  return *this;
}

bool Arg::given() const {
  return opt_->count() > 0;
}

// --- Args ---

Arg& Args::add(CLI::Option* opt, const std::string& help) {
  auto a = std::make_unique<Arg>();
  a->opt_ = opt;
  CompletionArg& info = a->info_;
  info.help = help;
  info.takes_value = opt->get_expected_max() != 0;  // flags expect no value
  info.repeatable = opt->get_items_expected_max() > 1;
  if (opt->nonpositional()) {
    for (const auto& s : opt->get_snames()) info.names.push_back("-" + s);
    for (const auto& l : opt->get_lnames()) info.names.push_back("--" + l);
    info.label = "VALUE";
  } else {
    info.label = opt->get_name(true);
  }
  args_.push_back(std::move(a));
  return *args_.back();
}

Arg& Args::option(const std::string& name, std::string& target, const std::string& help) {
  return add(app_->add_option(name, target, help), help);
}

Arg& Args::option(const std::string& name, std::vector<std::string>& target,
                  const std::string& help) {
  return add(app_->add_option(name, target, help), help);
}

Arg& Args::option(const std::string& name, int& target, const std::string& help) {
  return add(app_->add_option(name, target, help), help);
}

Arg& Args::positional(const std::string& name, std::string& target, const std::string& help) {
  return option(name, target, help);
}

Arg& Args::positional(const std::string& name, std::vector<std::string>& target,
                      const std::string& help) {
  return option(name, target, help);
}

Arg& Args::flag(const std::string& name, bool& target, const std::string& help) {
  return add(app_->add_flag(name, target, help), help);
}

Arg& Args::format() {
  std::string list;
  std::vector<std::string> words;
  for (Format f : formats_) {
    list += (list.empty() ? "" : "|") + std::string(format_name(f));
    words.push_back(format_name(f));
  }
  format_text_ = words.front();
  std::string help = "output format: " + list + " (default " + words.front() + ")";
  return option("--format", format_text_, help).text("FORMAT").words(words);
}

void Args::footer(const std::string& text) {
  app_->footer(text);
}

Format Args::chosen_format() const {
  if (formats_.empty()) return Format::Text;
  return parse_format(format_text_, formats_);
}

std::vector<CompletionArg> Args::completion(std::vector<CompletionArg>* positionals) const {
  std::vector<CompletionArg> out;
  for (const auto& a : args_) {
    if (!a->opt_->nonpositional()) {
      if (positionals) positionals->push_back(a->info_);
    } else if (!a->info_.names.empty()) {
      out.push_back(a->info_);
    }
  }
  return out;
}

// --- CommandLine ---

CommandLine::CommandLine(std::optional<std::string>& dash_c, std::string& today, bool& no_color)
    : app_(std::make_unique<CLI::App>("deals: a git-friendly sales pipeline in plain YAML files",
                                      "deals")) {
  CLI::App& app = *app_;
  app.formatter(std::make_shared<HelpFormatter>());  // the commands added later inherit it
  app.set_version_flag("--version", std::string("deals ") + DEALS_VERSION);
  global_ = std::make_unique<Args>(app, std::vector<Format>{});
  auto& c = global_->add(
      app.add_option("-C", dash_c,
                     "use the pipeline in DIR (default: $DEALS_DIR, else search upwards)"),
      "use the pipeline in DIR (default: $DEALS_DIR, else search upwards)");
  c.text("DIR").completes(Complete::Directory);
  global_->option("--today", today, "take DATE as today (default: $DEALS_TODAY, else the clock)")
      .text("DATE");
  global_->flag("--no-color", no_color,
                "no colour (also off with NO_COLOR or when not a terminal)");
  app.require_subcommand(1, 1);
  app.footer(
      "A DATE is YYYY-MM-DD, today, yesterday, tomorrow, or +N/-N with d, w or m (+3d, -2w).\n"
      "A deal is named by its id or any unique prefix of it.\n"
      "Run 'deals COMMAND --help' for a command's options; 'man deals' for the whole story.");
}

CommandLine::~CommandLine() = default;

Args& CommandLine::add_command(const std::string& name, const std::string& summary,
                               std::vector<Format> formats) {
  CLI::App* sub = app_->add_subcommand(name, summary);
  sub->fallthrough();
  subs_.push_back(sub);
  names_.emplace_back(name, summary);
  commands_.push_back(std::make_unique<Args>(*sub, std::move(formats)));
  return *commands_.back();
}

int CommandLine::parse(int argc, char** argv) {
  CLI::App& app = *app_;
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::string msg = dynamic_cast<const CLI::ExtrasError*>(&e)
                          ? extras_message(app, e.what(), argc, argv)
                          : plain_message(e.what());
    throw usage_error(msg + " (see 'deals " +
                      (app.get_subcommands().empty() ? std::string()
                                                     : app.get_subcommands()[0]->get_name() + " ") +
                      "--help')");
  }
  return -1;
}

size_t CommandLine::chosen() const {
  const CLI::App* sub = app_->get_subcommands().at(0);
  for (size_t i = 0; i < subs_.size(); ++i)
    if (subs_[i] == sub) return i;
  throw Error("no command");
}

CompletionSpec CommandLine::completion_spec() const {
  CompletionSpec spec;
  spec.global = global_->completion(nullptr);
  for (size_t i = 0; i < commands_.size(); ++i) {
    CompletionCommand c{names_[i].first, names_[i].second, {}, {}};
    c.options = commands_[i]->completion(&c.positionals);
    spec.commands.push_back(std::move(c));
  }
  return spec;
}

}  // namespace deals

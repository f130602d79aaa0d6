#include "store/config_file.hpp"

#include <doctest/doctest.h>

#include "core/error.hpp"

using namespace deals;

namespace {

void check_same(const Config& a, const Config& b) {
  CHECK(a.name == b.name);
  CHECK(a.currency == b.currency);
  CHECK(a.stall_days == b.stall_days);
  CHECK(a.week_start == b.week_start);
  REQUIRE(a.stages.size() == b.stages.size());
  for (std::size_t i = 0; i < a.stages.size(); ++i) {
    CAPTURE(i);
    CHECK(a.stages[i].name == b.stages[i].name);
    CHECK(a.stages[i].probability == b.stages[i].probability);
    CHECK(a.stages[i].stall_days == b.stages[i].stall_days);
  }
  CHECK(a.criteria == b.criteria);
  CHECK(a.required == b.required);
  CHECK(a.autocommit == b.autocommit);
  CHECK(a.score.criteria == b.score.criteria);
  CHECK(a.score.default_criterion == b.score.default_criterion);
  CHECK(a.score.activity == b.score.activity);
  CHECK(a.score.next_action == b.score.next_action);
}

std::string error_of(std::string_view text) {
  try {
    parse_config(text, "pipeline.toml");
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("default_config_text parses back to the defaults") {
  Config want = Config::defaults();
  check_same(parse_config(default_config_text("Pipeline", "EUR"), "pipeline.toml"), want);

  want.name = "Jane's \"Sales\" \\ Pipeline\tü 😀";
  want.currency = "USD";
  std::string text = default_config_text(want.name, want.currency);
  check_same(parse_config(text, "pipeline.toml"), want);
  // Every setting line carries a comment.
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    std::string l = text.substr(pos, end - pos);
    if (l.find(" = ") != std::string::npos) CHECK_MESSAGE(l.find(" # ") != std::string::npos, l);
    pos = end + 1;
  }
}

TEST_CASE("an empty file or one without [[stages]] means the defaults") {
  check_same(parse_config("", "p.toml"), Config::defaults());
  Config c = parse_config("\xEF\xBB\xBFname = \"X\"\r\nstall_days = 3\r\n", "p.toml");
  CHECK(c.name == "X");
  CHECK(c.stall_days == 3);
  CHECK(c.stages.size() == 6);
}

TEST_CASE("parse_config reads every setting") {
  Config c = parse_config(R"(
name = "Consulting"
currency = "CHF"
stall_days = 30
week_start = "sunday"
[[stages]]
name = "new"
probability = 0
[[stages]]
name = "talking"
probability = 1
stall_days = 0
[qualification]
criteria = ["budget", "fit"]
required = 2
[git]
autocommit = true
[score]
fit = 40
budget = 0.5
activity = 0
next_action = 5
)",
                          "p.toml");
  CHECK(c.name == "Consulting");
  CHECK(c.currency == "CHF");
  CHECK(c.stall_days == 30);
  CHECK(c.week_start == 6);
  REQUIRE(c.stages.size() == 2);
  CHECK(c.stages[0].name == "new");
  CHECK(c.stages[0].probability == 0);
  CHECK_FALSE(c.stages[0].stall_days);
  CHECK(c.stages[1].stall_days == 0);
  CHECK(c.criteria == std::vector<std::string>{"budget", "fit"});
  CHECK(c.required == 2);
  CHECK(c.autocommit);
  CHECK(c.criterion_weight("fit") == 40);
  CHECK(c.criterion_weight("budget") == 0.5);
  CHECK(c.score.activity == 0);
  CHECK(c.score.next_action == 5);
  // Without `required`, at most 3 (fewer when there are fewer criteria).
  CHECK(parse_config("[qualification]\ncriteria = [\"a\", \"b\"]\n", "p").required == 2);
  CHECK(parse_config("[qualification]\ncriteria = []\n", "p").required == 0);
}

TEST_CASE("parse_config names file, line and key on bad values") {
  CHECK(error_of("[[stages]]\nname = \"a\"\nprobability = 0.5\n[[stages]]\nname = \"b\"\n"
                 "probability = 1.5\n") ==
        "pipeline.toml:6: key 'stages[2].probability': must be a number between 0 and 1");
  CHECK(error_of("[[stages]]\nname = \"a\"\nprobability = nan\n") ==
        "pipeline.toml:3: key 'stages[1].probability': must be a number between 0 and 1");
  CHECK(error_of("[[stages]]\nname = \"a\"\nprobability = \"high\"\n") ==
        "pipeline.toml:3: key 'stages[1].probability': must be a number between 0 and 1");
  CHECK(error_of("[[stages]]\nname = \"a\"\nprobability = 0.1\n[[stages]]\nname = \"a\"\n"
                 "probability = 0.2\n") ==
        "pipeline.toml:5: key 'stages[2].name': duplicate stage 'a' (first on line 2)");
  CHECK(error_of("[[stages]]\nname = \"won\"\nprobability = 1\n") ==
        "pipeline.toml:2: key 'stages[1].name': 'won' and 'lost' are the closed stages and "
        "are not listed");
  CHECK(error_of("[[stages]]\nname = \"Big Deal\"\nprobability = 1\n")
            .find("pipeline.toml:2: key 'stages[1].name': 'Big Deal' is not a valid stage name") ==
        0);
  CHECK(error_of("\n[[stages]]\nprobability = 1\n") ==
        "pipeline.toml:2: key 'stages[1].name': missing; every stage needs a name");
  CHECK(error_of("[[stages]]\nname = \"a\"\n") ==
        "pipeline.toml:1: key 'stages[1].probability': missing; give a number between 0 and 1");
  CHECK(error_of("[[stages]]\nname = \"a\"\nprobability = 0.1\nstall_days = -1\n") ==
        "pipeline.toml:4: key 'stages[1].stall_days': must be a whole number between 0 and "
        "36500");
  CHECK(error_of("stages = []\n") ==
        "pipeline.toml:1: key 'stages': at least one stage is required");
  CHECK(error_of("stages = 3\n") ==
        "pipeline.toml:1: key 'stages': must be a list of [[stages]] tables");
  CHECK(error_of("stall_days = 1.5\n") ==
        "pipeline.toml:1: key 'stall_days': must be a whole number between 0 and 36500");
  CHECK(error_of("name = 5\n") == "pipeline.toml:1: key 'name': must be a string");
  CHECK(error_of("currency = \"US D\"\n") ==
        "pipeline.toml:1: key 'currency': 'US D' is not a currency code: use its three-letter "
        "ISO 4217 code, such as EUR, USD or CHF");
  CHECK(error_of("currency = \"€\"\n") ==
        "pipeline.toml:1: key 'currency': '€' is not a currency code: use its three-letter "
        "ISO 4217 code, here probably EUR");
  CHECK(error_of("[rates]\nUSD = -1\n") ==
        "pipeline.toml:2: key 'rates.USD': must be a number between 0 and 1000000000000000");
  CHECK(error_of("[rates]\nDollar = 0.9\n") ==
        "pipeline.toml:2: key 'rates.Dollar': 'Dollar' is not a currency code: use its "
        "three-letter ISO 4217 code, here probably USD");
  CHECK(error_of("rates_date = \"soon\"\n") ==
        "pipeline.toml:1: key 'rates_date': must be a date, YYYY-MM-DD");
  CHECK(error_of("week_start = \"munday\"\n") ==
        "pipeline.toml:1: key 'week_start': must be a day name, monday to sunday; did you mean "
        "'monday'?");
  CHECK(error_of("[qualification]\nrequired = 5\n") ==
        "pipeline.toml:2: key 'qualification.required': must be a whole number between 0 and 4");
  CHECK(error_of("[qualification]\ncriteria = [\"a\", \"a\"]\n") ==
        "pipeline.toml:2: key 'qualification.criteria[2]': duplicate criterion 'a'");
  CHECK(error_of("[qualification]\ncriteria = [\"note\"]\n")
            .find("pipeline.toml:2: key 'qualification.criteria[1]': 'note' is not a valid") == 0);
  CHECK(error_of("[git]\nautocommit = \"yes\"\n") ==
        "pipeline.toml:2: key 'git.autocommit': must be true or false");
  CHECK(error_of("git = 1\n") == "pipeline.toml:1: key 'git': must be a table");
  CHECK(error_of("[score]\nneed = -1\n") ==
        "pipeline.toml:2: key 'score.need': must be a number between 0 and 10000");
}

TEST_CASE("parse_config rejects unknown keys with a suggestion") {
  CHECK(error_of("name = \"x\"\nstall_day = 3\n") ==
        "pipeline.toml:2: unknown key 'stall_day', did you mean 'stall_days'?");
  CHECK(error_of("[[stages]]\nname = \"a\"\nprobabilty = 0.1\n") ==
        "pipeline.toml:3: unknown key 'stages[1].probabilty', did you mean 'probability'?");
  CHECK(error_of("[score]\nbudgte = 1\n") ==
        "pipeline.toml:2: unknown key 'score.budgte', did you mean 'budget'?");
  // Score keys follow the configured criteria; the BANT weights `init` writes stay valid.
  CHECK(error_of("[qualification]\ncriteria = [\"fit\"]\n[score]\nbudget = 1\nfitt = 2\n")
            .find("pipeline.toml:5: unknown key 'score.fitt', did you mean 'fit'?") == 0);
  CHECK(error_of("[frobnicate]\nx = 1\n") == "pipeline.toml:1: unknown key 'frobnicate'");
}

TEST_CASE("parse_config reports bad TOML and hostile input without crashing") {
  CHECK(error_of("name = \"x\"\nname = \"y\"\n").find("pipeline.toml:2: invalid TOML: ") == 0);
  CHECK(error_of("name = \"unterminated\n").find("pipeline.toml:1: invalid TOML: ") == 0);
  CHECK(error_of("[[[1]]]\n") == "pipeline.toml:1: invalid table header");
  CHECK(error_of("x = 1\n  [ [ [a]]]\n") == "pipeline.toml:2: invalid table header");
  CHECK(error_of("a = [\n  [[1]],\n]\n").find("unknown key 'a'") != std::string::npos);
  std::string deep = "a = " + std::string(40, '[') + std::string(40, ']') + "\n";
  CHECK(error_of(deep) == "pipeline.toml:1: nested more than 32 levels deep");
  std::string dotted = "a";
  for (int i = 0; i < 20000; ++i) dotted += ".a";
  CHECK(error_of(dotted + " = 1\n") == "pipeline.toml:1: too many dotted key parts on one line");
  // Dots inside strings and comments do not count.
  std::string many_dots(1000, '.');
  CHECK(error_of("name = \"" + many_dots + "\" # " + many_dots + "\n") == "");
  CHECK(error_of("name = '''\n" + many_dots + "\n'''\n") == "");
  CHECK(error_of(std::string(70000, '#')) == "pipeline.toml: file is larger than 65536 bytes");
}

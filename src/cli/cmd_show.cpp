// deals show ID [--format text|json|yaml]
#include "cli/cmd_util.hpp"
#include "cli/commands.hpp"

namespace deals {
namespace {

struct Opts {
  std::string id, format;
};

int run(Context& ctx, const Opts& o) {
  Format f = parse_format(o.format, {"text", "json", "yaml"});
  Pipeline& p = ctx.pipeline();
  StoredDeal s = p.load(p.resolve(o.id));
  if (f == Format::Yaml) {
    *ctx.out << s.bytes;
    return 0;
  }
  Derived d = derive(s.deal, p.config(), ctx.today);
  if (f == Format::Json) {
    Json j;
    deal_json(j, s.deal, d, p.config(), true);
    *ctx.out << j.str();
  } else {
    *ctx.out << show_text(s.deal, d, p.config(), ctx.style);
  }
  return 0;
}

}  // namespace

void setup_show(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<Opts>();
  app.add_option("ID", o->id, "deal id or unique prefix")->required();
  add_format(app, o->format, {"text", "json", "yaml"});
  ctx.runners[&app] = [&ctx, o] { return run(ctx, *o); };
}

}  // namespace deals

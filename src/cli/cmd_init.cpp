// deals init [DIR] [--git] [--currency C] [--name N]
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "cli/autocommit.hpp"
#include "cli/cmd_util.hpp"
#include "cli/commands.hpp"
#include "core/error.hpp"
#include "store/config_file.hpp"

namespace deals {
namespace {

struct Opts {
  std::string dir = ".";
  std::string currency = "EUR";
  std::string name = "Pipeline";
  bool git = false;
};

int run(Context& ctx, const Opts& o) {
  namespace fs = std::filesystem;
  fs::path dir = o.dir;
  if (ctx.dash_c && o.dir == ".") dir = *ctx.dash_c;
  const std::string currency = currency_arg(o.currency, "--currency");
  std::error_code ec;
  if (fs::exists(dir / "pipeline.toml", ec))
    throw Error("a pipeline already exists in " + fs::absolute(dir).string() +
                " (pipeline.toml); nothing changed");
  fs::create_directories(dir, ec);
  if (ec) throw Error("cannot create " + dir.string() + ": " + ec.message());
  fs::path deals = dir / "deals";
  if (::mkdir(deals.c_str(), 0700) != 0 && errno != EEXIST)
    throw Error("cannot create " + deals.string() + ": " + std::strerror(errno));
  std::string text = default_config_text(o.name, currency);
  if (o.git) {
    auto pos = text.find("autocommit = false");
    if (pos != std::string::npos) text.replace(pos, 18, "autocommit = true");
  }
  atomic_write(dir, "pipeline.toml", text, 0600);
  // git keeps no empty directories: a marker keeps deals/ in a clone of an empty pipeline.
  atomic_write(deals, ".gitkeep", "", 0600);
  *ctx.out << "Initialized empty pipeline in " << fs::absolute(dir).lexically_normal().string()
           << "\n";
  if (o.git) init_git(ctx, dir);
  return 0;
}

}  // namespace

Runner setup_init(Args& args, Context& ctx) {
  auto o = std::make_shared<Opts>();
  args.positional("DIR", o->dir, "directory to create the pipeline in (default: .)")
      .completes(Complete::Directory);
  args.flag("--git", o->git,
            "also git init (unless inside a work tree), turn on autocommit and commit");
  args.option("--currency", o->currency, "pipeline currency (default EUR)").text("C");
  args.option("--name", o->name, "pipeline name shown in reports").text("N");
  return [&ctx, o] { return run(ctx, *o); };
}

}  // namespace deals

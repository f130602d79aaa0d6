#pragma once
// The pipeline directory: discovery, reading and writing deal files, locking. The only
// code that touches the pipeline's files.
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/config.hpp"
#include "core/deal.hpp"
#include "store/deal_codec.hpp"
#include "store/settings.hpp"

namespace deals {

namespace fs = std::filesystem;

/// Finds the pipeline root: `dash_c` if given, else `deals_dir` (the DEALS_DIR variable)
/// if non-empty, else the nearest directory at or above `cwd` holding pipeline.toml.
/// Throws the spec's "not a pipeline directory" error.
fs::path find_root(const std::optional<std::string>& dash_c, const std::string& deals_dir,
                   const fs::path& cwd);

/// A deal read from disk, with the bytes it was read from.
struct StoredDeal {
  Deal deal;
  std::string bytes;
  /// The deal `bytes` decode to, kept by load() while `deal` may change: save(StoredDeal)
  /// edits the file from it instead of decoding the bytes again.
  std::optional<Deal> as_read;
};

/// Result of reading every deal: the valid ones (sorted by id) and the problems of the rest.
struct LoadAll {
  std::vector<Deal> deals;
  std::vector<Problem> problems;
  /// With load_all(true): notes (not errors) for `deals check`: about the pipeline itself
  /// (a group- or world-readable deals/, deal files with other hard links), then on each
  /// valid file (deal_notes()), in file order.
  std::vector<Problem> notes;
};

class Pipeline {
 public:
  /// Temporary files of atomic writes (in deals/ and the root) start with this.
  static constexpr const char* kTempPrefix = ".deals-tmp-";
  /// Present in deals/ while a writer holds the lock; left behind only by a killed one.
  static constexpr const char* kWritingMark = ".deals-writing";

  /// Opens the pipeline at `root`, reading and validating pipeline.toml (throws Error).
  Pipeline(fs::path root, StoreSettings settings);
  ~Pipeline();
  Pipeline(const Pipeline&) = delete;
  Pipeline& operator=(const Pipeline&) = delete;

  const fs::path& root() const { return root_; }
  const Config& config() const { return config_; }
  const StoreSettings& settings() const { return settings_; }
  /// `deals/<id>.yaml` relative to the root, as shown in messages.
  static std::string rel_path(const std::string& id) { return "deals/" + id + ".yaml"; }

  /// Ids of all deal files, sorted. Ignores dot files and non-.yaml names. Removes the
  /// temporary files of a killed writer that it sees, when it can take the lock at once.
  std::vector<std::string> ids() const;
  bool exists(const std::string& id) const;

  /// Resolves an id or unique prefix. Throws "no deal 'x'" or "ambiguous ... candidates".
  std::string resolve(const std::string& id_or_prefix) const;

  /// Reads and decodes one deal; throws Error with every problem (path:line) when invalid.
  StoredDeal load(const std::string& id) const;

  /// Reads every deal; invalid files go to `problems` (never thrown). From 256 deals on
  /// (or with settings().cache on; never with it off) decoded deals are kept in a cache,
  /// .deals-cache/ in the root (see store/deal_cache.hpp); the result is the same with or
  /// without it. `with_notes` gathers LoadAll::notes in the same pass.
  LoadAll load_all(bool with_notes = false) const;

  /// Called by load_each() once for each valid deal, on one of several threads at once:
  /// `index` is the deal's place among ids() (so an index order is an id order), the
  /// deal is the callee's to keep, reduce or drop.
  using DealTaker = std::function<void(std::size_t index, Deal&& deal)>;
  /// Reads every deal as load_all() does (the same deals, the same cache), but hands each
  /// valid one to `take` as soon as it is decoded instead of keeping them all, so the
  /// memory used is what `take` keeps. Returns the problems of the invalid files, in id
  /// order.
  std::vector<Problem> load_each(const DealTaker& take) const;

  /// Takes deals/ away from the group and others (chmod go-rwx) when they may read it, as
  /// `deals init` makes it (a clone gets the umask's 0755). True when it changed it.
  bool make_private() const;

  /// Takes the pipeline's exclusive lock (flock on the deals directory, released by the
  /// kernel if the process dies), waiting up to settings().lock_timeout. Throws on timeout.
  void lock();

  /// Writes a deal atomically (temp file in deals/, fsync, rename), keeping the file's
  /// permissions (new files 0600). Given the file's current bytes, the write is surgical
  /// (store/deal_edit.hpp: only the lines of what changed), unless `canonical` asks for
  /// the canonical form (deals fmt). Verifies the bytes decode to the same deal before the
  /// rename, and refuses a file past the write limits (deal_limits.hpp) naming the way
  /// out. Returns false and writes nothing (same bytes, mtime and inode) when the bytes
  /// are unchanged. Requires lock().
  bool save(const Deal& deal, const std::string* old_bytes = nullptr, bool canonical = false);
  /// save() of a deal from load(), changed or not, over the bytes it was read from.
  bool save(const StoredDeal& stored);

  /// Lets this process's writes use the margin kept for closing a deal (`won`, `lost`,
  /// `next --done`): up to what the reader accepts instead of the ordinary write limits
  /// (store/deal_limits.hpp), so a deal that reached them can still be finished.
  void allow_closing_margin() { closing_ = true; }

  /// Writes many deals with one flush of the file system: every temporary file is written,
  /// then flushed together (syncfs), then renamed, so each file is still replaced
  /// atomically. `old[i]`, when given and its bytes not empty, is deals[i] as load() read
  /// it: that write is surgical (edited from the deal read, not decoded again), and
  /// skipped when the bytes would not change. Returns how many were written. Requires
  /// lock().
  size_t save_many(const std::vector<Deal>& deals, const std::vector<StoredDeal>& old = {});

  /// Problems that `bytes` would have as deals/<id>.yaml (empty when valid).
  std::vector<Problem> validate(const std::string& id, const std::string& bytes) const;

  /// Writes bytes the user wrote (deals edit) as they are, after validate(); atomic,
  /// keeping permissions. Requires lock().
  void save_raw(const std::string& id, const std::string& bytes);

  /// Deletes a deal file. Requires lock().
  void remove(const std::string& id);

  /// Paths of existing files whose layout could not be edited in place, so that a write
  /// put them in the canonical form (their comments and layout are gone): for a warning.
  const std::vector<std::string>& canonical_rewrites() const { return canonical_; }

  /// Paths (relative to the root) this process changed, for git autocommit.
  const std::vector<std::string>& changed() const { return changed_; }

 private:
  /// The canonical bytes of `deal`, verified to read back as the same deal.
  std::string checked_bytes(const Deal& deal) const;
  /// save(): `before`, when given, is the deal `old_bytes` decode to.
  bool write(const Deal& deal, const std::string* old_bytes, const Deal* before, bool canonical);
  /// `deal` written over `old_bytes` surgically, verified to read back as `deal`; the
  /// canonical form when the file cannot be edited in place (or does not decode).
  /// `before`, when given, is the deal `old_bytes` decode to (else they are decoded).
  std::string edited_bytes(const Deal& deal, const std::string& old_bytes,
                           const Deal* before = nullptr) const;
  /// The notes about the pipeline itself (LoadAll::notes); `linked[i]` tells whether
  /// deals/ids[i].yaml is a plain file with other hard links.
  std::vector<Problem> warnings(const std::vector<std::string>& ids,
                                const std::vector<char>& linked) const;
  /// What read_pass found, per file of `all` (indexed alike) and in all.
  struct PassResult {
    std::vector<Problem> problems;            // of the invalid files, in file order
    std::vector<char> ok;                     // the file is a valid deal
    std::vector<std::vector<Problem>> notes;  // with_notes: check's notes
    std::vector<char> linked;                 // with_notes: other hard links
  };
  /// Reads every file of `all` (load_all, load_each; store/pipeline_load.cpp): decoded
  /// into (*deals)[i], or handed to `take`.
  PassResult read_pass(const std::vector<std::string>& all, bool with_notes,
                       std::vector<Deal>* deals, const DealTaker* take) const;
  /// Deletes temporary files (names in deals/) if the lock is ours or free right now.
  void remove_orphans(const std::vector<std::string>& temps) const;

  fs::path root_;
  StoreSettings settings_;
  std::string config_text_;  // pipeline.toml as read: the deal cache is valid for it only
  Config config_;
  int dir_fd_ = -1;  // deals/ directory, opened without following symlinks
  bool locked_ = false;
  bool closing_ = false;
  std::vector<std::string> changed_;
  mutable std::vector<std::string> canonical_;
};

/// Writes `bytes` to `dir/name` atomically with `mode` (used for pipeline.toml and deals).
void atomic_write(const fs::path& dir, const std::string& name, const std::string& bytes,
                  unsigned mode);

}  // namespace deals

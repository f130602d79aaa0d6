// The deal cache file: a header, then one record per deal (id, file key, the decoded deal
// in a private binary form). Every read is bounds-checked and the whole payload carries a
// hash, so a truncated or damaged file is recognised and ignored, never believed.
#include "store/deal_cache.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "store/deal_cache_fields.hpp"

namespace deals {
namespace {

// Bump when the record layout (deal_cache_fields.hpp) or decode_deal's output for the
// same bytes changes. Version 2: the stamp is the file system's time (the mtime of the new
// file), not the process's clock. Version 3: records written by the field visitor.
// Version 4: records of invalid files (an empty body), so that an unchanged invalid file
// does not make every run rewrite the cache.
constexpr std::uint32_t kVersion = 4;
constexpr char kMagic[8] = {'D', 'E', 'A', 'L', 'S', 'C', 'A', '\n'};
constexpr std::uint32_t kEndian = 0x01020304;
constexpr std::size_t kHeader = DealCache::kHeaderSize;
constexpr std::size_t kMaxCache = std::size_t(1) << 32;

std::uint64_t hash_bytes(std::string_view s) {
  return CacheHash().update(s).finish();
}

std::uint64_t config_hash(std::string_view config_bytes) {
  return CacheHash(0x13198A2E03707344ull ^ kVersion).update(config_bytes).finish();
}

// Writes a cache record; as a field visitor (deal_cache_fields.hpp) it writes a value of
// each kind a deal holds.
class Out {
 public:
  explicit Out(std::string& s) : s_(s) {}
  template <class T>
  void pod(T v) {
    s_.append(reinterpret_cast<const char*>(&v), sizeof v);
  }
  void str(std::string_view v) {
    pod(static_cast<std::uint32_t>(v.size()));
    s_.append(v);
  }

  void operator()(const std::string& v) { str(v); }
  void operator()(double v) { pod(v); }
  void operator()(bool v) { pod<std::uint8_t>(v); }
  void operator()(Date d) { pod(d.days()); }
  template <class T>
  void operator()(const std::optional<T>& v) {
    pod<std::uint8_t>(v.has_value());
    if (v) (*this)(*v);
  }
  template <class T>
  void operator()(const std::vector<T>& v) {
    pod(static_cast<std::uint32_t>(v.size()));
    for (const auto& e : v) (*this)(e);
  }
  template <cache_fields::Record T>
  void operator()(const T& r) {
    cache_fields::fields(*this, r);
  }

 private:
  std::string& s_;
};

// The fewest bytes a value of type T takes in a record: bounds a count before anything
// is allocated for it.
struct MinSize {
  std::size_t n = 0;
  void operator()(const std::string&) { n += 4; }
  void operator()(double) { n += 8; }
  void operator()(bool) { n += 1; }
  void operator()(Date) { n += 4; }
  template <class T>
  void operator()(const std::optional<T>&) {
    n += 1;
  }
  template <class T>
  void operator()(const std::vector<T>&) {
    n += 4;
  }
  template <cache_fields::Record T>
  void operator()(const T& r) {
    cache_fields::fields(*this, r);
  }
};

template <class T>
std::size_t min_size() {
  static const std::size_t n = [] {
    MinSize m;
    m(T{});
    return m.n;
  }();
  return n;
}

// Reads a cache record, every read bounds-checked; as a field visitor it reads back what
// Out wrote. After a failure every read yields empty values and ok() stays false.
class In {
 public:
  explicit In(std::string_view s) : s_(s) {}
  bool ok() const { return ok_; }
  bool done() const { return ok_ && pos_ == s_.size(); }
  template <class T>
  T pod() {
    T v{};
    if (!need(sizeof v)) return v;
    std::memcpy(&v, s_.data() + pos_, sizeof v);
    pos_ += sizeof v;
    return v;
  }
  std::string_view view() {
    auto n = pod<std::uint32_t>();
    if (!need(n)) return {};
    std::string_view v = s_.substr(pos_, n);
    pos_ += n;
    return v;
  }
  bool flag() {
    auto f = pod<std::uint8_t>();
    if (f > 1) ok_ = false;
    return f == 1 && ok_;
  }
  // A count of items each at least `min` bytes long: bounded by what is left.
  std::uint32_t count(std::size_t min) {
    auto n = pod<std::uint32_t>();
    if (ok_ && n > (s_.size() - pos_) / min) ok_ = false;
    return ok_ ? n : 0;
  }

  void operator()(std::string& v) { v.assign(view()); }
  void operator()(double& v) { v = pod<double>(); }
  void operator()(bool& v) { v = flag(); }
  void operator()(Date& d) { d = Date::from_days(pod<std::int32_t>()); }
  template <class T>
  void operator()(std::optional<T>& v) {
    if (flag())
      (*this)(v.emplace());
    else
      v.reset();
  }
  template <class T>
  void operator()(std::vector<T>& v) {
    v.clear();
    v.resize(count(min_size<T>()));
    for (auto& e : v) {
      if (!ok_) return;
      (*this)(e);
    }
  }
  template <cache_fields::Record T>
  void operator()(T& r) {
    cache_fields::fields(*this, r);
  }

 private:
  bool need(std::size_t n) {
    if (!ok_ || n > s_.size() - pos_) ok_ = false;
    return ok_;
  }
  std::string_view s_;
  std::size_t pos_ = 0;
  bool ok_ = true;
};

}  // namespace

void DealCache::encode(const Deal& d, std::string& s) {
  Out o(s);
  o(d);
}

bool DealCache::decode(std::string_view bytes, Deal& d) {
  if (bytes.empty()) return false;  // an invalid file's record
  In in(bytes);
  in(d);
  return in.done();
}

bool DealCache::trusted(const FileKey& key, std::int64_t stamp_ns) {
  // ctime >= mtime normally, but mtime can be set into the future with touch -d.
  std::int64_t changed = std::max(key.mtime_ns, key.ctime_ns);
  return changed < stamp_ns - kRacyNs;
}

std::int64_t mtime_ns(const struct stat& st) {
  return std::int64_t(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
}

FileKey file_key(const struct stat& st) {
  return {static_cast<std::uint64_t>(st.st_size), mtime_ns(st),
          std::int64_t(st.st_ctim.tv_sec) * 1'000'000'000 + st.st_ctim.tv_nsec,
          static_cast<std::uint64_t>(st.st_ino)};
}

bool trusted_file_system(long f_type) {
  switch (static_cast<unsigned long>(f_type) & 0xFFFFFFFFul) {
    case 0x65735546:  // FUSE (sshfs, bindfs, rclone, s3fs, ntfs-3g...)
    case 0x6969:      // NFS
    case 0x517B:      // SMB
    case 0xFF534D42:  // CIFS
    case 0xFE534D42:  // SMB2
    case 0x01021997:  // 9P (virtual machines, WSL)
    case 0x00C36400:  // Ceph
    case 0x5346414F:  // AFS
    case 0x6B414653:  // kAFS
    case 0x73757245:  // Coda
    case 0x564C:      // NCP
    case 0x47504653:  // GPFS
    case 0x0BD00BD0:  // Lustre
      return false;
    default:
      return true;
  }
}

DealCache::DealCache(const std::filesystem::path& root, std::string_view config_bytes) {
  valid_ = load(root / kDir / kFile, config_bytes);
  if (!valid_) index_.clear();
}

DealCache::~DealCache() {
  if (data_) ::munmap(data_, mapped_);
}

namespace {

struct Header {
  char bytes[kHeader];
  std::size_t file_size = 0;
  std::int64_t written_ns = 0;
  std::uint64_t count = 0, payload_len = 0, payload_hash = 0;
};

// Reads and checks the header before anything else is read: a cache that is not ours, or
// whose size is not the one its header gives (garbage, a partial copy), costs 64 bytes.
bool read_header(int fd, std::string_view config_bytes, Header& h) {
  struct stat st;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < off_t(kHeader) ||
      std::size_t(st.st_size) > kMaxCache || ::pread(fd, h.bytes, kHeader, 0) != ssize_t(kHeader))
    return false;
  h.file_size = std::size_t(st.st_size);
  In head(std::string_view(h.bytes, kHeader));
  bool ok = std::memcmp(h.bytes, kMagic, 8) == 0;
  head.pod<std::uint64_t>();
  ok = ok && head.pod<std::uint32_t>() == kVersion && head.pod<std::uint32_t>() == kEndian &&
       head.pod<std::uint64_t>() == config_hash(config_bytes);
  h.written_ns = head.pod<std::int64_t>();
  h.count = head.pod<std::uint64_t>();
  h.payload_len = head.pod<std::uint64_t>();
  h.payload_hash = head.pod<std::uint64_t>();
  return ok && head.ok() && h.payload_len == h.file_size - kHeader;
}

// The whole file in one pre-faulted anonymous mapping of h.file_size bytes, or nullptr:
// read() into it touches no page one fault at a time (page faults are expensive on the
// machines this was tuned on), and unlike mapping the file itself, a cache truncated
// meanwhile cannot raise SIGBUS. A file that is shorter or longer than its header said
// (it changed meanwhile) is not this cache.
char* read_whole(int fd, const Header& h) {
  void* p = ::mmap(nullptr, h.file_size, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
  if (p == MAP_FAILED) return nullptr;
  char* data = static_cast<char*>(p);
  std::memcpy(data, h.bytes, kHeader);
  std::size_t len = kHeader;
  while (len < h.file_size) {
    ssize_t n = ::pread(fd, data + len, h.file_size - len, off_t(len));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    len += std::size_t(n);
  }
  char extra;
  if (len == h.file_size && ::pread(fd, &extra, 1, off_t(len)) == 0) return data;
  ::munmap(data, h.file_size);
  return nullptr;
}

}  // namespace

bool DealCache::load(const std::filesystem::path& path, std::string_view config_bytes) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
  if (fd < 0) return false;
  Header h;
  bool ok = read_header(fd, config_bytes, h) && (data_ = read_whole(fd, h)) != nullptr;
  ::close(fd);
  if (!ok) return false;
  mapped_ = h.file_size;
  written_ns_ = h.written_ns;
  std::string_view payload(data_ + kHeader, h.payload_len);
  return hash_bytes(payload) == h.payload_hash && index(payload, h.count);
}

bool DealCache::index(std::string_view payload, std::uint64_t count) {
  In in(payload);
  if (count > payload.size() / 40) return false;
  index_.reserve(count);
  for (std::uint64_t i = 0; i < count; ++i) {
    Item it;
    it.id = in.view();
    it.key.size = in.pod<std::uint64_t>();
    it.key.mtime_ns = in.pod<std::int64_t>();
    it.key.ctime_ns = in.pod<std::int64_t>();
    it.key.ino = in.pod<std::uint64_t>();
    it.body = in.view();
    if (!in.ok() || (!index_.empty() && !(index_.back().id < it.id))) return false;
    index_.push_back(it);
  }
  return in.done();
}

const DealCache::Item* DealCache::find(const std::string& id) const {
  auto it = std::lower_bound(index_.begin(), index_.end(), id,
                             [](const Item& a, const std::string& b) { return a.id < b; });
  return it == index_.end() || it->id != id ? nullptr : &*it;
}

std::optional<std::string_view> DealCache::lookup(const std::string& id, const FileKey& key) const {
  const Item* it = find(id);
  if (!it || !(it->key == key) || !trusted(key, written_ns_)) return std::nullopt;
  return it->body;
}

void DealCache::release_before(const char* p) {
  if (!data_) return;
  static const std::size_t page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  std::size_t end = p ? static_cast<std::size_t>(p - data_) / page * page : mapped_;
  if (end <= released_ || end > mapped_) return;
  ::madvise(data_ + released_, end - released_, MADV_DONTNEED);
  released_ = end;
}

bool DealCache::get(const std::string& id, const FileKey& key, Deal& out) const {
  std::optional<std::string_view> body = lookup(id, key);
  if (!body) return false;
  Deal d;
  d.id = id;
  if (!decode(*body, d)) return false;
  out = std::move(d);
  return true;
}

void DealCache::append_record(std::string& out, std::string_view id, const FileKey& key,
                              std::string_view body) {
  Out o(out);
  o.str(id);
  o.pod(key.size);
  o.pod(key.mtime_ns);
  o.pod(key.ctime_ns);
  o.pod(key.ino);
  o.str(body);
}

std::string DealCache::header(std::string_view config_bytes, std::int64_t stamp_ns,
                              std::uint64_t count, std::uint64_t payload_len, std::uint64_t hash) {
  std::string head(kMagic, 8);
  Out h(head);
  h.pod(kVersion);
  h.pod(kEndian);
  h.pod(config_hash(config_bytes));
  h.pod(stamp_ns);
  h.pod(count);
  h.pod(payload_len);
  h.pod(hash);
  head.resize(kHeader, '\0');
  return head;
}

CacheHash& CacheHash::update(std::string_view s) {
  size_ += s.size();
  if (held_ > 0) {
    const std::size_t take = std::min(s.size(), 8 - held_);
    std::memcpy(tail_ + held_, s.data(), take);
    held_ += take;
    s.remove_prefix(take);
    if (held_ < 8) return *this;
    word(tail_);
    held_ = 0;
  }
  for (; s.size() >= 8; s.remove_prefix(8)) word(s.data());
  std::memcpy(tail_, s.data(), s.size());
  held_ = s.size();
  return *this;
}

namespace {
constexpr std::uint64_t kMul = 0x9E3779B97F4A7C15ull;
}

void CacheHash::word(const char* p) {
  std::uint64_t w;
  std::memcpy(&w, p, 8);
  h_ = (h_ ^ w) * kMul;
  h_ ^= h_ >> 31;
}

std::uint64_t CacheHash::finish() const {
  std::uint64_t h = h_;
  for (std::size_t i = 0; i < held_; ++i) h = (h ^ static_cast<unsigned char>(tail_[i])) * kMul;
  h ^= size_;
  h *= kMul;
  return h ^ (h >> 29);
}

}  // namespace deals

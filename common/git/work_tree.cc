#include "common/git/work_tree.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <functional>
#include <mutex>
#include <span>

#include "common/base/file_system.h"
#include "common/git/discover.h"
#include "common/git/index_file.h"
#include "common/git/libgit2_support.h"

namespace bakery::git {
namespace {

using internal::LastError;

struct Timestamp {
  int64_t seconds = 0;
  uint32_t nanoseconds = 0;
  auto operator<=>(const Timestamp&) const = default;
};

bool SameTime(uint32_t seconds, uint32_t nanoseconds, const timespec& actual) {
  // An index written without nanoseconds records 0: compare seconds only,
  // as git itself does then.
  return seconds == static_cast<uint32_t>(actual.tv_sec) &&
         (nanoseconds == 0 || nanoseconds == static_cast<uint32_t>(actual.tv_nsec));
}

// git's ie_match_stat: the file is what was staged when none of what the
// index recorded about it changed. Mode bits other than the type do not
// change the blob.
bool StatMatches(const StatData& recorded, const struct stat& st) {
  return (recorded.mode & S_IFMT) == (st.st_mode & S_IFMT) &&
         recorded.size == static_cast<uint32_t>(st.st_size) &&
         recorded.ino == static_cast<uint32_t>(st.st_ino) &&
         SameTime(recorded.mtime_seconds, recorded.mtime_nanoseconds, st.st_mtim) &&
         SameTime(recorded.ctime_seconds, recorded.ctime_nanoseconds, st.st_ctim);
}

std::string Join(const std::string& dir, const std::string& name) {
  return dir.empty() ? name : dir + "/" + name;
}

}  // namespace

struct WorkTree::Impl {
  std::string root;
  IndexFile index;          // sorted by path, then stage
  Timestamp index_written;  // for git's racy-clean rule
  // For .gitignore rules, opened when the first untracked file needs them:
  // most plans meet none and never pay for initialising libgit2.
  mutable std::mutex ignore_mutex;
  mutable internal::OwnedRepository repo;

  using Entries = std::span<const IndexEntry>;

  // The entries under directory `dir` ("" for all): a walk looks names up in
  // this short, cache-friendly range instead of the whole index.
  Entries Under(std::string_view dir, Entries within) const {
    if (dir.empty()) return within;
    std::string first = std::string(dir) + "/";
    std::string past = std::string(dir) + static_cast<char>('/' + 1);
    auto by_path = [](const IndexEntry& e, const std::string& p) { return e.path < p; };
    auto begin = std::lower_bound(within.begin(), within.end(), first, by_path);
    auto end = std::lower_bound(begin, within.end(), past, by_path);
    return Entries(begin, end);
  }
  // The first entry of `path`: stage 0, or stage 1 while a conflict is unresolved.
  const IndexEntry* Find(std::string_view path, Entries within) const {
    auto it = std::lower_bound(within.begin(), within.end(), path,
                               [](const IndexEntry& e, std::string_view p) { return e.path < p; });
    return it != within.end() && it->path == path ? &*it : nullptr;
  }
  Result<bool> Ignored(const std::string& path) const {
    std::lock_guard lock(ignore_mutex);
    if (!repo) {
      Result<internal::OwnedRepository> opened = internal::OpenRepository(root);
      if (!opened) return std::unexpected(std::move(opened.error()));
      repo = std::move(*opened);
    }
    int ignored = 0;
    int code = internal::Api().ignore_path_is_ignored(&ignored, repo.get(), path.c_str());
    if (code != 0) {
      return Fail(ErrorKind::kFailed, "reading .gitignore rules for {}: {}", path, LastError(code));
    }
    return ignored == 1;
  }
  // git's rule for trusting the index: the entry's blob id when `st` (the
  // file's lstat) still matches what was staged and is not racily clean.
  std::optional<std::string> Vouch(const IndexEntry& entry, const struct stat& st) const;

  using Keep = std::function<bool(std::string_view)>;  // empty: every file
  Result<void> Walk(const std::string& dir, Entries parent, const Keep& keep,
                    std::vector<Listed>& files) const;
};

namespace {

struct DirEntry {
  std::string name;
  unsigned char type;
};

// A directory opened for listing and for stat'ing its entries relative to
// it: one path lookup per file instead of one per component of its path.
struct OpenDirectory {
  int fd = -1;
  explicit OpenDirectory(const std::string& path)
      : fd(open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)) {}
  ~OpenDirectory() {
    if (fd >= 0) close(fd);
  }
  OpenDirectory(const OpenDirectory&) = delete;
  OpenDirectory& operator=(const OpenDirectory&) = delete;
};

unsigned char TypeOf(const struct stat& st) {
  return S_ISDIR(st.st_mode)   ? DT_DIR
         : S_ISREG(st.st_mode) ? DT_REG
         : S_ISLNK(st.st_mode) ? DT_LNK
                               : DT_UNKNOWN;
}

Result<std::vector<DirEntry>> ReadDirectory(const OpenDirectory& directory,
                                            const std::string& path) {
  DIR* dir = directory.fd < 0 ? nullptr : fdopendir(dup(directory.fd));
  if (dir == nullptr) {
    return Fail(ErrorKind::kFailed, "reading directory {}: {}", path, std::strerror(errno));
  }
  std::vector<DirEntry> entries;
  while (const dirent* entry = readdir(dir)) {
    std::string_view name = entry->d_name;
    if (name == "." || name == "..") continue;
    unsigned char type = entry->d_type;
    struct stat st {};
    if (type == DT_UNKNOWN && fstatat(directory.fd, entry->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0) {
      type = TypeOf(st);
    }
    entries.push_back({std::string(name), type});
  }
  closedir(dir);
  return entries;
}

// git's order: a directory sorts as if its name ended in '/'. Walking names
// in this order yields paths already sorted as the index sorts them
// ("a.txt" before "a/b"), with no sort of the long paths afterwards.
bool InGitOrder(const DirEntry& a, const DirEntry& b) {
  size_t common = std::min(a.name.size(), b.name.size());
  if (int order = a.name.compare(0, common, b.name, 0, common); order != 0) return order < 0;
  auto after = [common](const DirEntry& e) -> unsigned char {
    if (common < e.name.size()) return static_cast<unsigned char>(e.name[common]);
    return e.type == DT_DIR ? '/' : '\0';
  };
  return after(a) < after(b);
}

}  // namespace

std::optional<std::string> WorkTree::Impl::Vouch(const IndexEntry& entry,
                                                 const struct stat& st) const {
  if (entry.stage != 0 || entry.intent_to_add) return std::nullopt;
  StatData recorded = entry.Stat();
  if (!StatMatches(recorded, st)) return std::nullopt;
  // Racily clean: modified in the same instant the index was written, so
  // equal stat data proves nothing (git re-reads these too). Without
  // recorded nanoseconds, the whole second counts.
  Timestamp modified{recorded.mtime_seconds,
                     recorded.mtime_nanoseconds == 0 ? 999'999'999u : recorded.mtime_nanoseconds};
  if (modified >= index_written) return std::nullopt;
  return entry.Id();
}

Result<void> WorkTree::Impl::Walk(const std::string& dir, Entries parent, const Keep& keep,
                                  std::vector<Listed>& files) const {
  OpenDirectory directory(root + dir);
  Result<std::vector<DirEntry>> listing = ReadDirectory(directory, root + dir);
  if (!listing) return std::unexpected(std::move(listing.error()));
  bool nested_repository = std::any_of(listing->begin(), listing->end(),
                                       [](const DirEntry& e) { return e.name == ".git"; });
  if (nested_repository && !dir.empty()) return {};  // a submodule or another repository
  std::sort(listing->begin(), listing->end(), InGitOrder);
  Entries here = Under(dir, parent);
  // Names come in the index's order: its entries are met by walking forward.
  auto next = here.begin();
  for (const DirEntry& entry : *listing) {
    if (entry.name == ".git") continue;
    std::string path = Join(dir, entry.name);
    bool is_dir = entry.type == DT_DIR;
    if (!is_dir && entry.type != DT_REG && entry.type != DT_LNK) continue;
    // Tracked files and directories holding some are never ignored.
    while (!is_dir && next != here.end() && next->path < path) ++next;
    bool found = !is_dir && next != here.end() && next->path == path;
    const IndexEntry* staged = found ? &*next : nullptr;
    if (is_dir ? Under(path, here).empty() : staged == nullptr) {
      Result<bool> ignored = Ignored(path);
      if (!ignored) return std::unexpected(std::move(ignored.error()));
      if (*ignored) continue;
    }
    if (is_dir) {
      if (Result<void> walked = Walk(path, here, keep, files); !walked) return walked;
      continue;
    }
    if (keep && !keep(path)) continue;
    Listed file{std::move(path), std::nullopt};
    struct stat st {};
    if (staged && fstatat(directory.fd, entry.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0) {
      file.clean_blob_id = Vouch(*staged, st);
    }
    files.push_back(std::move(file));
  }
  return {};
}

Result<WorkTree> WorkTree::Open(const std::string& path) {
  Result<GitLocation> location = FindWorkTree(path);
  if (!location) return std::unexpected(std::move(location.error()));
  return Open(*location);
}

Result<WorkTree> WorkTree::Open(const GitLocation& location) {
  auto impl = std::make_shared<Impl>();
  impl->root = location.workdir;
  std::string index_path = location.gitdir + "index";
  // Trusted like git trusts it: a corrupt entry could only make a digest
  // differ from the true one, which rebuilds an image, never skips one.
  Result<IndexFile> index = IndexFile::Read(index_path, Checksum::kTrust);
  if (!index) return std::unexpected(std::move(index.error()));
  impl->index = std::move(*index);
  impl->index_written = {impl->index.written().tv_sec,
                         static_cast<uint32_t>(impl->index.written().tv_nsec)};
  return WorkTree(std::move(impl));
}

const std::string& WorkTree::root() const { return impl_->root; }

Result<std::vector<WorkTree::Listed>> WorkTree::List(
    const std::string& path, const std::function<bool(std::string_view)>& keep) const {
  std::vector<Listed> files;
  if (!path.empty()) {
    struct stat st {};
    if (lstat((impl_->root + path).c_str(), &st) != 0) {
      if (errno == ENOENT || errno == ENOTDIR) return files;
      return Fail(ErrorKind::kFailed, "reading {}{}: {}", impl_->root, path, std::strerror(errno));
    }
    if (!S_ISDIR(st.st_mode)) {
      // Named explicitly: an ignored file counts too (a build artifact an image ships).
      if ((S_ISREG(st.st_mode) || S_ISLNK(st.st_mode)) && (!keep || keep(path))) {
        const IndexEntry* staged = impl_->Find(path, impl_->index.entries());
        files.push_back({path, staged ? impl_->Vouch(*staged, st) : std::nullopt});
      }
      return files;
    }
  }
  if (Result<void> walked = impl_->Walk(path, impl_->index.entries(), keep, files); !walked) {
    return std::unexpected(std::move(walked.error()));
  }
  return files;  // sorted: Walk visits names in git's order
}

std::optional<std::string> WorkTree::CleanBlobId(std::string_view path) const {
  const IndexEntry* staged = impl_->Find(path, impl_->index.entries());
  if (staged == nullptr) return std::nullopt;
  std::string full = impl_->root;
  full.append(path);
  struct stat st {};
  if (lstat(full.c_str(), &st) != 0) return std::nullopt;
  return impl_->Vouch(*staged, st);
}

Result<std::optional<std::string>> WorkTree::Content(std::string_view path) const {
  std::string full = impl_->root;
  full.append(path);
  struct stat st {};
  if (lstat(full.c_str(), &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) return std::nullopt;
    return Fail(ErrorKind::kFailed, "reading {}: {}", full, std::strerror(errno));
  }
  if (S_ISLNK(st.st_mode)) {
    std::string target(static_cast<size_t>(st.st_size) + 1, '\0');
    ssize_t length = readlink(full.c_str(), target.data(), target.size());
    if (length < 0) {
      return Fail(ErrorKind::kFailed, "reading link {}: {}", full, std::strerror(errno));
    }
    target.resize(static_cast<size_t>(length));
    return target;
  }
  if (!S_ISREG(st.st_mode)) return std::nullopt;
  Result<std::string> content = RealFileSystem().ReadFile(full);
  if (!content) return std::unexpected(std::move(content.error()));
  return std::optional(std::move(*content));
}

}  // namespace bakery::git

#include "common/git/work_tree.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
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
  const IndexEntry* Find(std::string_view path) const { return Find(path, index.entries()); }
  Result<bool> Ignored(const std::string& path) const {
    std::lock_guard lock(ignore_mutex);
    if (!repo) {
      Result<internal::OwnedRepository> opened = internal::OpenRepository(root);
      if (!opened) return std::unexpected(std::move(opened.error()));
      repo = std::move(*opened);
    }
    int ignored = 0;
    int code = git_ignore_path_is_ignored(&ignored, repo.get(), path.c_str());
    if (code != 0) {
      return Fail(ErrorKind::kFailed, "reading .gitignore rules for {}: {}", path, LastError(code));
    }
    return ignored == 1;
  }
  Result<void> Walk(const std::string& dir, Entries parent, std::vector<std::string>& files) const;
};

namespace {

struct DirEntry {
  std::string name;
  unsigned char type;
};

Result<std::vector<DirEntry>> ReadDirectory(const std::string& path) {
  DIR* dir = opendir(path.c_str());
  if (dir == nullptr) {
    return Fail(ErrorKind::kFailed, "reading directory {}: {}", path, std::strerror(errno));
  }
  std::vector<DirEntry> entries;
  while (const dirent* entry = readdir(dir)) {
    std::string_view name = entry->d_name;
    if (name == "." || name == "..") continue;
    unsigned char type = entry->d_type;
    if (type == DT_UNKNOWN) {
      struct stat st {};
      std::string full = path + "/" + entry->d_name;
      if (lstat(full.c_str(), &st) == 0) {
        type = S_ISDIR(st.st_mode)   ? DT_DIR
               : S_ISREG(st.st_mode) ? DT_REG
               : S_ISLNK(st.st_mode) ? DT_LNK
                                     : DT_UNKNOWN;
      }
    }
    entries.push_back({std::string(name), type});
  }
  closedir(dir);
  return entries;
}

}  // namespace

Result<void> WorkTree::Impl::Walk(const std::string& dir, Entries parent,
                                  std::vector<std::string>& files) const {
  Result<std::vector<DirEntry>> listing = ReadDirectory(root + dir);
  if (!listing) return std::unexpected(std::move(listing.error()));
  bool nested_repository = std::any_of(listing->begin(), listing->end(),
                                       [](const DirEntry& e) { return e.name == ".git"; });
  if (nested_repository && !dir.empty()) return {};  // a submodule or another repository
  Entries here = Under(dir, parent);
  for (const DirEntry& entry : *listing) {
    if (entry.name == ".git") continue;
    std::string path = Join(dir, entry.name);
    bool is_dir = entry.type == DT_DIR;
    if (!is_dir && entry.type != DT_REG && entry.type != DT_LNK) continue;
    // Tracked files and directories holding some are never ignored.
    bool tracked = is_dir ? !Under(path, here).empty() : Find(path, here) != nullptr;
    if (!tracked) {
      Result<bool> ignored = Ignored(path);
      if (!ignored) return std::unexpected(std::move(ignored.error()));
      if (*ignored) continue;
    }
    if (!is_dir) {
      files.push_back(std::move(path));
    } else if (Result<void> walked = Walk(path, here, files); !walked) {
      return walked;
    }
  }
  return {};
}

Result<WorkTree> WorkTree::Open(const std::string& path) {
  Result<GitLocation> location = FindWorkTree(path);
  if (!location) return std::unexpected(std::move(location.error()));
  auto impl = std::make_shared<Impl>();
  impl->root = location->workdir;
  std::string index_path = location->gitdir + "index";
  Result<IndexFile> index = IndexFile::Read(index_path);
  if (!index) return std::unexpected(std::move(index.error()));
  impl->index = std::move(*index);
  impl->index_written = {impl->index.written().tv_sec,
                         static_cast<uint32_t>(impl->index.written().tv_nsec)};
  return WorkTree(std::move(impl));
}

const std::string& WorkTree::root() const { return impl_->root; }

Result<std::vector<std::string>> WorkTree::List(const std::string& path) const {
  std::vector<std::string> files;
  if (!path.empty()) {
    struct stat st {};
    if (lstat((impl_->root + path).c_str(), &st) != 0) {
      if (errno == ENOENT || errno == ENOTDIR) return files;
      return Fail(ErrorKind::kFailed, "reading {}{}: {}", impl_->root, path, std::strerror(errno));
    }
    if (!S_ISDIR(st.st_mode)) {
      // Named explicitly: an ignored file counts too (a build artifact an image ships).
      if (S_ISREG(st.st_mode) || S_ISLNK(st.st_mode)) files.push_back(path);
      return files;
    }
  }
  if (Result<void> walked = impl_->Walk(path, impl_->index.entries(), files); !walked) {
    return std::unexpected(std::move(walked.error()));
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::optional<std::string> WorkTree::CleanBlobId(std::string_view path) const {
  const IndexEntry* entry = impl_->Find(path);
  if (entry == nullptr || entry->stage != 0 || entry->intent_to_add) return std::nullopt;
  struct stat st {};
  StatData recorded = entry->Stat();
  std::string full = impl_->root;
  full.append(path);
  if (lstat(full.c_str(), &st) != 0 || !StatMatches(recorded, st)) return std::nullopt;
  // Racily clean: modified in the same instant the index was written, so
  // equal stat data proves nothing (git re-reads these too). Without
  // recorded nanoseconds, the whole second counts.
  Timestamp modified{recorded.mtime_seconds,
                     recorded.mtime_nanoseconds == 0 ? 999'999'999u : recorded.mtime_nanoseconds};
  if (modified >= impl_->index_written) return std::nullopt;
  return entry->Id();
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

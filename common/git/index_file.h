#pragma once
// A reader for git's index file (.git/index, versions 2 to 4, see
// gitformat-index(5)). libgit2 allocates and hashes every entry; for the
// 20,000 entries of a large repository that costs more than the rest of a
// build plan, which needs only a sorted, read-only list of a few hundred of
// them. This maps the file and decodes an entry's fields when asked. Split
// and sparse indexes (opt-in git features libgit2 cannot read either) are
// refused with the command that turns them off.

#include <cstdint>
#include <ctime>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/base/error.h"

namespace bakery::git {

/// What the index recorded of a file's lstat when it was staged.
struct StatData {
  uint32_t ctime_seconds = 0;
  uint32_t ctime_nanoseconds = 0;
  uint32_t mtime_seconds = 0;
  uint32_t mtime_nanoseconds = 0;
  uint32_t ino = 0;
  uint32_t mode = 0;
  uint32_t size = 0;  // truncated to 32 bits, as git stores it
};

/// One entry; valid while the IndexFile it came from (or a copy) lives.
struct IndexEntry {
  std::string_view path;
  const unsigned char* fields = nullptr;  // the entry's fixed 62 bytes
  int stage = 0;                          // 0, or 1-3 while a merge conflict is unresolved
  bool intent_to_add = false;             // `git add -N`: no content staged yet

  StatData Stat() const;
  /// The blob id, 40 hex characters.
  std::string Id() const;
};

/// Whether the SHA-1 over the whole file is checked. git itself checks it
/// only in `git fsck` (since 2.13): on every read it costs more than the
/// parsing. The structure is validated either way.
enum class Checksum { kVerify, kTrust };

class IndexFile {
 public:
  /// Maps and parses the index at `path`; a missing file is an empty index.
  static Result<IndexFile> Read(const std::string& path, Checksum checksum = Checksum::kVerify);
  /// Parses index bytes. kFailed with the byte offset on corruption, and
  /// for split or sparse indexes (with the git command that turns them off).
  static Result<IndexFile> Parse(std::string bytes, Checksum checksum = Checksum::kVerify);

  /// In the file's order: sorted by path, then stage.
  const std::vector<IndexEntry>& entries() const { return entries_; }
  /// When the file was written (its mtime; zero for a missing file): what
  /// git's racy-clean rule compares entries with.
  const timespec& written() const { return written_; }

 private:
  struct Storage;
  static Result<IndexFile> ParseStorage(std::shared_ptr<Storage> storage, Checksum checksum);
  Result<void> ReadEntry(Storage& storage, uint32_t version, size_t& offset);
  std::shared_ptr<Storage> storage_;  // the bytes entries point into
  std::vector<IndexEntry> entries_;
  timespec written_{};
};

}  // namespace bakery::git

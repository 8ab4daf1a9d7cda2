#include "common/git/index_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <deque>

#include "common/aws/crypto.h"

namespace bakery::git {
namespace {

constexpr size_t kHeaderSize = 12;
constexpr size_t kChecksumSize = 20;
constexpr size_t kFixedEntrySize = 62;  // ten 32-bit stat fields, the id, 16-bit flags
constexpr size_t kIdOffset = 40;
constexpr uint16_t kExtendedFlag = 0x4000;
constexpr uint16_t kIntentToAddFlag = 0x2000;  // in the extended flags
constexpr uint32_t kSparseDirectoryMode = 040000;
constexpr std::string_view kNoSplitIndex = "run `git update-index --no-split-index`";
constexpr std::string_view kNoSparseIndex = "run `git sparse-checkout init --no-sparse-index`";

uint32_t U32At(const unsigned char* bytes) {
  return uint32_t{bytes[0]} << 24 | uint32_t{bytes[1]} << 16 | uint32_t{bytes[2]} << 8 | bytes[3];
}

uint16_t U16At(const unsigned char* bytes) {
  return static_cast<uint16_t>(bytes[0] << 8 | bytes[1]);
}

std::string_view Bytes(const unsigned char* bytes, size_t size) {
  return std::string_view(reinterpret_cast<const char*>(bytes), size);
}

std::unexpected<Error> Corrupt(size_t offset, std::string_view what) {
  return Fail(ErrorKind::kFailed,
              "git index is corrupt at byte {}: {}; remove .git/index and "
              "run `git reset` to rebuild it",
              offset, what);
}

std::unexpected<Error> Unsupported(std::string_view what, std::string_view fix) {
  return Fail(ErrorKind::kBadInput, "the git index is {}, which bakery cannot read; {}", what, fix);
}

// A variable-width integer as index version 4 writes it (offset encoding).
bool ReadVarInt(std::string_view data, size_t& offset, size_t& value) {
  if (offset >= data.size()) return false;
  auto byte = static_cast<uint8_t>(data[offset++]);
  value = byte & 0x7f;
  while (byte & 0x80) {
    if (offset >= data.size() || value > (SIZE_MAX >> 8)) return false;
    byte = static_cast<uint8_t>(data[offset++]);
    value = ((value + 1) << 7) | (byte & 0x7f);
  }
  return true;
}

}  // namespace

struct IndexFile::Storage {
  std::string_view data;
  std::string owned;        // Parse: the bytes themselves
  void* mapping = nullptr;  // Read: the mapped file
  size_t mapping_size = 0;
  std::deque<std::string> paths;  // version 4: paths rebuilt from their prefixes
  ~Storage() {
    if (mapping) munmap(mapping, mapping_size);
  }
};

StatData IndexEntry::Stat() const {
  return {U32At(fields),      U32At(fields + 4),  U32At(fields + 8), U32At(fields + 12),
          U32At(fields + 20), U32At(fields + 24), U32At(fields + 36)};
}

std::string IndexEntry::Id() const { return aws::HexEncode(Bytes(fields + kIdOffset, 20)); }

Result<IndexFile> IndexFile::Read(const std::string& path, Checksum checksum) {
  auto storage = std::make_shared<Storage>();
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT) return IndexFile();
  struct stat st {};
  if (fd < 0 || fstat(fd, &st) != 0) {
    int saved = errno;
    if (fd >= 0) close(fd);
    return Fail(ErrorKind::kFailed, "reading {}: {}", path, std::strerror(saved));
  }
  if (st.st_size == 0) {
    close(fd);
    return IndexFile();
  }
  // Populated at once: faulting the pages in one by one costs more than parsing.
  void* mapping =
      mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
  int saved = errno;
  close(fd);
  if (mapping == MAP_FAILED) {
    return Fail(ErrorKind::kFailed, "reading {}: {}", path, std::strerror(saved));
  }
  storage->mapping = mapping;
  storage->mapping_size = static_cast<size_t>(st.st_size);
  storage->data = std::string_view(static_cast<const char*>(mapping), storage->mapping_size);
  Result<IndexFile> index = ParseStorage(std::move(storage), checksum);
  if (!index) return std::unexpected(std::move(index.error()).Wrap(path));
  index->written_ = st.st_mtim;  // of the file mapped, even if git has replaced it since
  return index;
}

Result<IndexFile> IndexFile::Parse(std::string bytes, Checksum checksum) {
  auto storage = std::make_shared<Storage>();
  storage->owned = std::move(bytes);
  storage->data = storage->owned;
  return ParseStorage(std::move(storage), checksum);
}

Result<IndexFile> IndexFile::ParseStorage(std::shared_ptr<Storage> storage, Checksum checksum) {
  std::string_view data = storage->data;
  if (data.size() < kHeaderSize + kChecksumSize || !data.starts_with("DIRC")) {
    return Corrupt(0, "no index signature");
  }
  std::string_view body = data.substr(0, data.size() - kChecksumSize);
  std::string_view stored = data.substr(body.size());
  // index.skipHash writes zeros instead of the checksum.
  if (checksum == Checksum::kVerify && stored.find_first_not_of('\0') != std::string_view::npos &&
      aws::Sha1Hex(body) != aws::HexEncode(stored)) {
    return Corrupt(body.size(), "checksum mismatch");
  }
  auto bytes = reinterpret_cast<const unsigned char*>(body.data());
  uint32_t version = U32At(bytes + 4);
  if (version < 2 || version > 4) {
    return Unsupported("version " + std::to_string(version),
                       "run `git update-index --index-version 4`");
  }
  uint32_t count = U32At(bytes + 8);
  IndexFile index;
  index.entries_.reserve(std::min<size_t>(count, body.size() / kFixedEntrySize));
  size_t offset = kHeaderSize;
  for (uint32_t i = 0; i < count; ++i) {
    if (Result<void> read = index.ReadEntry(*storage, version, offset); !read) {
      return std::unexpected(std::move(read.error()));
    }
  }
  while (body.size() - offset >= 8) {  // extensions: a signature and a length each
    std::string_view signature = body.substr(offset, 4);
    uint32_t length = U32At(bytes + offset + 4);
    offset += 8;
    if (signature == "link") return Unsupported("a split index", kNoSplitIndex);
    if (signature == "sdir") return Unsupported("a sparse index", kNoSparseIndex);
    if (body.size() - offset < length) return Corrupt(offset, "truncated extension");
    offset += length;
  }
  index.storage_ = std::move(storage);
  return index;
}

Result<void> IndexFile::ReadEntry(Storage& storage, uint32_t version, size_t& offset) {
  std::string_view body = storage.data.substr(0, storage.data.size() - kChecksumSize);
  size_t start = offset;
  if (body.size() - offset < kFixedEntrySize) return Corrupt(start, "truncated entry");
  IndexEntry entry;
  entry.fields = reinterpret_cast<const unsigned char*>(body.data()) + start;
  uint16_t flags = U16At(entry.fields + 60);
  entry.stage = (flags >> 12) & 3;
  offset += kFixedEntrySize;
  if (flags & kExtendedFlag) {
    if (version < 3 || body.size() - offset < 2) return Corrupt(offset, "bad extended flags");
    entry.intent_to_add = (U16At(entry.fields + kFixedEntrySize) & kIntentToAddFlag) != 0;
    offset += 2;
  }
  if (entry.Stat().mode == kSparseDirectoryMode) {
    return Unsupported("a sparse index", kNoSparseIndex);
  }
  size_t strip = 0;
  if (version == 4 && !ReadVarInt(body, offset, strip)) return Corrupt(offset, "bad path prefix");
  size_t end = body.find('\0', offset);
  if (end == std::string_view::npos) return Corrupt(offset, "unterminated path");
  std::string_view name = body.substr(offset, end - offset);
  offset = end + 1;
  std::string_view previous = entries_.empty() ? "" : entries_.back().path;
  if (version == 4) {
    if (strip > previous.size()) return Corrupt(offset, "bad path prefix");
    std::string& path = storage.paths.emplace_back(previous.substr(0, previous.size() - strip));
    path.append(name);
    entry.path = path;
  } else {
    entry.path = name;
    offset = start + (offset - start + 7) / 8 * 8;  // 1 to 8 NULs pad to a multiple of 8
    if (offset > body.size()) return Corrupt(start, "truncated entry");
  }
  // Lookups bisect the entries: git writes them sorted, so anything else is damage.
  if (entry.path < previous) return Corrupt(start, "entries out of order");
  entries_.push_back(entry);
  return {};
}

}  // namespace bakery::git

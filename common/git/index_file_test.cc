#include "common/git/index_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <sstream>

#include "common/testing/git_test_repo.h"

namespace bakery::git {
namespace {

using testing_util::GitTestRepo;

struct NewEntry {
  std::string path;
  StatData stat;
  std::string id;  // 40 hex characters
  bool intent_to_add = false;
};

void PutU32(std::string& out, uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>(value >> shift));
}

// A version 3 index holding `entries`, checksum zero as with index.skipHash:
// for the unusual indexes git would not write on request.
std::string EncodeIndex(const std::vector<NewEntry>& entries) {
  std::string out = "DIRC";
  PutU32(out, 3);
  PutU32(out, static_cast<uint32_t>(entries.size()));
  for (const NewEntry& entry : entries) {
    size_t start = out.size();
    const StatData& s = entry.stat;
    for (uint32_t field : {s.ctime_seconds, s.ctime_nanoseconds, s.mtime_seconds,
                           s.mtime_nanoseconds, 0u, s.ino, s.mode, 0u, 0u, s.size}) {
      PutU32(out, field);
    }
    for (size_t i = 0; i < 40; i += 2) {
      out.push_back(static_cast<char>(std::stoi(entry.id.substr(i, 2), nullptr, 16)));
    }
    uint16_t flags = static_cast<uint16_t>(entry.path.size() | (entry.intent_to_add ? 0x4000 : 0));
    out.push_back(static_cast<char>(flags >> 8));
    out.push_back(static_cast<char>(flags & 0xff));
    if (entry.intent_to_add) out.append(std::string("\x20\0", 2));
    out.append(entry.path);
    out.append(8 - (out.size() - start) % 8, '\0');
  }
  out.append(20, '\0');
  return out;
}

// `git ls-files --stage` as "mode id stage\tpath" lines, git's own reading.
std::string GitsView(const GitTestRepo& repo) { return repo.Git("ls-files --stage"); }

std::string OurView(const IndexFile& index) {
  std::ostringstream out;
  for (const IndexEntry& entry : index.entries()) {
    if (out.tellp() > 0) out << "\n";
    out << std::oct << entry.Stat().mode << std::dec << " " << entry.Id() << " " << entry.stage
        << "\t" << entry.path;
  }
  return out.str();
}

void AddFiles(const GitTestRepo& repo) {
  repo.Write("a.txt", "a\n");
  repo.Write("dir/b.sh", "#!/bin/sh\n");
  repo.Write("dir/sub/deeply/nested/path/with/a/long/name/c.conf", "c = 1\n");
  repo.Write("dir/sub/deeply/nested/path/with/a/long/name/d.conf", "d = 2\n");
  repo.Write("z", "");
  repo.CommitAll("files");
}

class IndexVersions : public testing::TestWithParam<int> {};

TEST_P(IndexVersions, ReadsWhatGitReads) {
  GitTestRepo repo;
  AddFiles(repo);
  repo.Git("update-index --index-version " + std::to_string(GetParam()));
  repo.Write("new.txt", "staged later\n");
  repo.Git("add -N new.txt");  // an extended flag: forces version 3 over 2
  Result<IndexFile> index = IndexFile::Read(repo.path() + "/.git/index");
  ASSERT_TRUE(index) << index.error().message;
  EXPECT_EQ(OurView(*index), GitsView(repo));
  const IndexEntry& added = index->entries().at(4);
  EXPECT_EQ(added.path, "new.txt");
  EXPECT_TRUE(added.intent_to_add);
  EXPECT_FALSE(index->entries().at(0).intent_to_add);
}

INSTANTIATE_TEST_SUITE_P(Git, IndexVersions, testing::Values(2, 3, 4));

TEST(IndexFile, StatDataIsWhatLstatSaid) {
  GitTestRepo repo;
  AddFiles(repo);
  Result<IndexFile> index = IndexFile::Read(repo.path() + "/.git/index");
  ASSERT_TRUE(index);
  struct stat st {};
  ASSERT_EQ(lstat((repo.path() + "/a.txt").c_str(), &st), 0);
  StatData recorded = index->entries().at(0).Stat();
  EXPECT_EQ(recorded.size, 2u);
  EXPECT_EQ(recorded.mode, 0100644u);
  EXPECT_EQ(recorded.ino, static_cast<uint32_t>(st.st_ino));
  EXPECT_EQ(recorded.mtime_seconds, static_cast<uint32_t>(st.st_mtim.tv_sec));
}

TEST(IndexFile, ConflictStagesAreListed) {
  GitTestRepo repo;
  repo.MergeWithConflict("f");
  Result<IndexFile> index = IndexFile::Read(repo.path() + "/.git/index");
  ASSERT_TRUE(index);
  ASSERT_EQ(index->entries().size(), 3u);
  EXPECT_EQ(index->entries()[0].stage, 1);
  EXPECT_EQ(index->entries()[2].stage, 3);
  EXPECT_EQ(OurView(*index), GitsView(repo));
}

TEST(IndexFile, MissingFileIsAnEmptyIndex) {
  testing_util::TempDir dir;
  Result<IndexFile> index = IndexFile::Read(dir.path() + "/index");
  ASSERT_TRUE(index);
  EXPECT_TRUE(index->entries().empty());
}

TEST(IndexFile, SplitIndexIsRefusedWithTheFix) {
  GitTestRepo repo;
  AddFiles(repo);
  repo.Git("update-index --split-index");
  std::string path = repo.path() + "/.git/index";
  Result<IndexFile> index = IndexFile::Read(path);
  ASSERT_FALSE(index);
  EXPECT_EQ(index.error().message,
            path +
                ": the git index is a split index, which bakery cannot read; run "
                "`git update-index --no-split-index`");
}

TEST(IndexFile, CorruptionNamesTheByte) {
  Result<IndexFile> good = IndexFile::Parse(EncodeIndex({{"a", {}, std::string(40, 'a')}}));
  ASSERT_TRUE(good) << good.error().message;

  std::string flipped = EncodeIndex({{"a", {}, std::string(40, 'a')}});
  flipped[flipped.size() - 1] = 1;  // a checksum that does not match
  Result<IndexFile> bad_sum = IndexFile::Parse(flipped);
  ASSERT_FALSE(bad_sum);
  EXPECT_EQ(bad_sum.error().message,
            fmt::format("git index is corrupt at byte {}: checksum mismatch; remove .git/index "
                        "and run `git reset` to rebuild it",
                        flipped.size() - 20));

  EXPECT_TRUE(IndexFile::Parse(flipped, Checksum::kTrust));  // as git reads it outside fsck

  std::string truncated = EncodeIndex({{"a", {}, std::string(40, 'a')}});
  truncated.replace(8, 4, std::string("\0\0\0\2", 4));  // claims two entries, holds one
  Result<IndexFile> short_index = IndexFile::Parse(truncated);
  ASSERT_FALSE(short_index);
  EXPECT_NE(short_index.error().message.find("corrupt at byte 76: truncated entry"),
            std::string::npos)
      << short_index.error().message;
  EXPECT_FALSE(IndexFile::Parse("DIRX"));
  Result<IndexFile> unsorted = IndexFile::Parse(
      EncodeIndex({{"b", {}, std::string(40, 'a')}, {"a", {}, std::string(40, 'a')}}));
  ASSERT_FALSE(unsorted);
  EXPECT_NE(unsorted.error().message.find("corrupt at byte 76: entries out of order"),
            std::string::npos)
      << unsorted.error().message;
}

TEST(IndexFile, EncodeRoundTrips) {
  StatData stat{1, 2, 3, 4, 5, 0100755, 6};
  std::string id = "0123456789abcdef0123456789abcdef01234567";
  Result<IndexFile> index =
      IndexFile::Parse(EncodeIndex({{"bin/run", stat, id}, {"notes.md", {}, id, true}}));
  ASSERT_TRUE(index) << index.error().message;
  ASSERT_EQ(index->entries().size(), 2u);
  EXPECT_EQ(index->entries()[0].path, "bin/run");
  EXPECT_EQ(index->entries()[0].Id(), id);
  EXPECT_EQ(index->entries()[0].Stat().mode, 0100755u);
  EXPECT_EQ(index->entries()[0].Stat().ino, 5u);
  EXPECT_EQ(index->entries()[0].Stat().size, 6u);
  EXPECT_TRUE(index->entries()[1].intent_to_add);
}

}  // namespace
}  // namespace bakery::git

#include "common/report/text_table.h"

#include <gtest/gtest.h>

namespace bakery::report {
namespace {

TEST(TextTable, AlignsColumnsWithoutTrailingSpaces) {
  EXPECT_EQ(TextTable({"BUILD", "REGION", "AMI"},
                      {{"base", "eu-west-1", "ami-1"}, {"web-server", "us-east-1", ""}}),
            "BUILD       REGION     AMI\n"
            "base        eu-west-1  ami-1\n"
            "web-server  us-east-1\n");
}

TEST(TextTable, CountsCodePointsNotBytes) {
  EXPECT_EQ(TextTable({"A", "B"}, {{"—", "x"}, {"ab", "y"}}), "A   B\n—   x\nab  y\n");
}

TEST(TextTable, WithoutHeadersListsKeyValueRows) {
  EXPECT_EQ(TextTable({}, {{"region", "us-east-1"}, {"account id", "1"}}),
            "region      us-east-1\naccount id  1\n");
}

}  // namespace
}  // namespace bakery::report

#include "common/build/image_graph.h"

#include <gtest/gtest.h>

namespace bakery::build {
namespace {

using Names = std::vector<std::string>;

TEST(ImageGraph, OrdersParentsFirst) {
  std::vector<ImageNode> images = {{"web", "base"}, {"api", "web"}, {"base", ""}, {"db", "base"}};
  EXPECT_EQ(TopologicalOrder(images).value(), (Names{"base", "db", "web", "api"}));
}

TEST(ImageGraph, ReportsCyclesAndUnknownParents) {
  struct Case { std::vector<ImageNode> images; std::string error; };
  for (const Case& c : {
           Case{{{"a", "c"}, {"b", "a"}, {"c", "b"}}, "images form a cycle: a → b → c → a"},
           Case{{{"root", ""}, {"self", "self"}}, "images form a cycle: self → self"},
           Case{{{"base", ""}, {"web", "bsae"}},
                "image \"web\" has parent \"bsae\", which is not defined (did you mean 'base'?)"}}) {
    Result<Names> order = TopologicalOrder(c.images);
    ASSERT_FALSE(order.has_value());
    EXPECT_EQ(order.error().message, c.error);
    EXPECT_EQ(order.error().kind, ErrorKind::kBadInput);
  }
}

TEST(ImageGraph, SelectsWithAndWithoutChildren) {
  std::vector<ImageNode> images = {{"base", ""}, {"web", "base"}, {"api", "web"}, {"db", ""}};
  Names order = TopologicalOrder(images).value();
  EXPECT_EQ(SelectImages(images, order, {"web"}, false).value(), (Names{"web"}));
  EXPECT_EQ(SelectImages(images, order, {"web"}, true).value(), (Names{"web", "api"}));
  EXPECT_EQ(SelectImages(images, order, {"base", "db"}, true).value(),
            (Names{"base", "web", "api", "db"}));
  EXPECT_EQ(SelectImages(images, order, {"wbe"}, false).error().message,
            "--only names image \"wbe\", which is not in bakery.yml (did you mean 'web'?)");
  EXPECT_EQ(Ancestry(images, "api"), (Names{"base", "web", "api"}));
}

}  // namespace
}  // namespace bakery::build

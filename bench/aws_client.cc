// bench/aws_client: the AWS client's own cost.
//   1. Google Benchmark cases: parsing a 1,000-image DescribeImages page,
//      signing a request, and one whole client call over an in-memory
//      transport (the client's CPU per request; target < 1 ms).
//   2. Listing 10,000 emulator images through the client next to
//      `aws ec2 describe-images` (Debian awscli) in the same run, printing
//      the ratio (target: at least 5x faster end to end).
// `--smoke` runs everything small and fast (ctest label "bench").
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <string>

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include "common/aws/client.h"
#include "common/aws/ec2.h"
#include "common/aws/session.h"
#include "common/aws/sigv4.h"
#include "common/testing/emulator.h"
#include "common/testing/local_http_server.h"

namespace bakery::aws {
namespace {

std::string ImagesPage(int count) {
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<DescribeImagesResponse "
                    "xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>r</requestId>"
                    "<imagesSet>";
  for (int i = 0; i < count; ++i) {
    xml += fmt::format(
        "<item><imageId>ami-{0:017x}</imageId><imageLocation>123456789012/web-{0}</imageLocation>"
        "<imageState>available</imageState><imageOwnerId>123456789012</imageOwnerId>"
        "<creationDate>2026-11-24T10:00:00.000Z</creationDate><isPublic>false</isPublic>"
        "<architecture>x86_64</architecture><imageType>machine</imageType><name>web-{0}</name>"
        "<rootDeviceType>ebs</rootDeviceType><rootDeviceName>/dev/xvda</rootDeviceName>"
        "<blockDeviceMapping><item><deviceName>/dev/xvda</deviceName><ebs><snapshotId>"
        "snap-{0:017x}</snapshotId><volumeSize>8</volumeSize><deleteOnTermination>true"
        "</deleteOnTermination><volumeType>gp3</volumeType><encrypted>false</encrypted></ebs>"
        "</item></blockDeviceMapping><virtualizationType>hvm</virtualizationType><tagSet>"
        "<item><key>bakery:family</key><value>web</value></item><item><key>bakery:version"
        "</key><value>1.{0}.0</value></item><item><key>bakery:commit</key><value>"
        "0123456789abcdef0123456789abcdef01234567</value></item><item><key>bakery:status"
        "</key><value>testing</value></item></tagSet></item>", i);
  }
  return xml + "</imagesSet></DescribeImagesResponse>";
}

void BM_ParseImagesPage(benchmark::State& state) {
  std::string page = ImagesPage(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    Result<XmlElement> root = ParseXml(page);
    std::vector<Image> images = ParseImages(*root);
    benchmark::DoNotOptimize(images);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * page.size()));
}
BENCHMARK(BM_ParseImagesPage)->Arg(1000)->Unit(benchmark::kMillisecond);

void BM_SignRequest(benchmark::State& state) {
  SigningParams params{.keys = {"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", ""},
                       .region = "us-east-1", .service = "ec2",
                       .time = std::chrono::system_clock::now()};
  for (auto _ : state) {
    HttpRequest request;
    request.method = "POST";
    request.host = "ec2.us-east-1.amazonaws.com";
    request.body = "Action=DescribeImages&Version=2016-11-15&Owner.1=self&MaxResults=1000&"
                   "Filter.1.Name=tag%3Abakery%3Afamily&Filter.1.Value.1=web";
    request.SetHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
    benchmark::DoNotOptimize(SignHeaders(request, params));
  }
}
BENCHMARK(BM_SignRequest)->Unit(benchmark::kMicrosecond);

class FixedCredentials final : public CredentialSource {
 public:
  Result<Credentials> Get() override { return Credentials{{"AKID", "secret", ""}, {}, "", ""}; }
  void Invalidate() override {}
};

void BM_ClientCallOverhead(benchmark::State& state) {
  AwsConfig config;
  config.endpoints["ec2"] = "https://ec2.us-east-1.amazonaws.com";
  testing_util::FakeTransport transport([](const HttpRequest&) {
    return testing_util::Answer(200, "<DescribeImagesResponse><requestId>r</requestId>"
                                     "<imagesSet/></DescribeImagesResponse>");
  });
  SystemClock clock;
  FixedCredentials credentials;
  AwsClient client({&config, &transport, &clock, &credentials, nullptr, {}, {}});
  Ec2 ec2(client, "us-east-1");
  for (auto _ : state) {
    transport.sent.clear();
    benchmark::DoNotOptimize(ec2.DescribeImages({{"self"}}));
  }
}
BENCHMARK(BM_ClientCallOverhead)->Unit(benchmark::kMicrosecond);

double Seconds(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

int CompareListing(int image_count) {
  testing_util::Emulator emulator;
  emulator.Control("seed", nlohmann::json::parse(fmt::format(
      R"({{"region": "us-east-1", "images": [{{"count": {}, "tags": {{"bakery:family": "web"}}}}]}})",
      image_count)));
  MapEnv env(emulator.Environment());
  RealFileSystem files;
  SystemClock clock;
  PosixProcessRunner processes;
  auto session = AwsSession::Create({&env, &files, &clock, &processes, nullptr}, {});
  auto start = std::chrono::steady_clock::now();
  Result<std::vector<Image>> images = (*session)->Ec2In("us-east-1").DescribeImages({{"self"}});
  double bakery_seconds = Seconds(start);
  if (!images || static_cast<int>(images->size()) != image_count) {
    fmt::print(stderr, "bakery listing failed\n");
    return 1;
  }
  std::string command = fmt::format(
      "env -i PATH=/usr/bin:/bin HOME=/tmp AWS_ACCESS_KEY_ID={} AWS_SECRET_ACCESS_KEY={} "
      "AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null "
      "/usr/bin/aws --endpoint-url {} --region us-east-1 ec2 describe-images --owners self "
      "--query 'length(Images)' --output text",
      testing_util::kEmulatorAccessKey, testing_util::kEmulatorSecretKey, emulator.endpoint());
  start = std::chrono::steady_clock::now();
  FILE* pipe = popen(command.c_str(), "r");
  char buffer[64] = {};
  size_t read = fread(buffer, 1, sizeof buffer - 1, pipe);
  int status = pclose(pipe);
  double awscli_seconds = Seconds(start);
  if (status != 0 || std::atoi(std::string(buffer, read).c_str()) != image_count) {
    fmt::print(stderr, "awscli listing failed: status {} output '{}'\n", status, buffer);
    return 1;
  }
  fmt::print("\nlisting {} images from the emulator (same run):\n", image_count);
  fmt::print("  bakery client (paginated, 1,000 per page)  {:7.3f} s\n", bakery_seconds);
  fmt::print("  aws ec2 describe-images (baseline)          {:7.3f} s\n", awscli_seconds);
  fmt::print("  ratio                                       {:7.1f}x faster (target >= 5x)\n",
             awscli_seconds / bakery_seconds);
  return 0;
}

}  // namespace
}  // namespace bakery::aws

int main(int argc, char** argv) {
  bool smoke = argc > 1 && std::strcmp(argv[1], "--smoke") == 0;
  std::vector<char*> args(argv, argv + argc);
  std::string min_time = "--benchmark_min_time=0.01";
  if (smoke) args[1] = min_time.data();
  int count = static_cast<int>(args.size());
  benchmark::Initialize(&count, args.data());
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return bakery::aws::CompareListing(smoke ? 500 : 10000);
}

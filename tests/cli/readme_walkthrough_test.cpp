// README.md's "Load your own driver" walk-through runs as written. The ```sh block after the marker
// `<!-- tested: walkthrough commands ...` runs under `bash -e` from the source tree, with only the command's
// path, the scratch folder and the C compiler (`cc`: a sanitized tree's driver must use its own compiler's
// sanitizer runtime) replaced by this build's, and its standard output must equal the ```text block
// after `<!-- tested: walkthrough output -->` byte for byte. So every command the README shows works and prints
// what the README says.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "command_runner.h"

namespace wmiport::testing {
namespace {

std::string read_readme() {
  std::ifstream file(std::filesystem::path(WMIPORT_SOURCE_DIR) / "README.md");
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

// The body of the first fenced block of `language` after `marker` (empty when either is missing).
std::string fenced_block_after(const std::string& text, const std::string& marker, const std::string& language) {
  const auto at = text.find(marker);
  if (at == std::string::npos)
    return {};
  const std::string fence = "```" + language + "\n";
  const auto open = text.find(fence, at);
  if (open == std::string::npos)
    return {};
  const auto body = open + fence.size();
  const auto close = text.find("```\n", body);
  return close == std::string::npos ? std::string() : text.substr(body, close - body);
}

void replace_all(std::string& text, const std::string& from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
}

TEST(ReadmeWalkthrough, CommandsRunAndPrintWhatTheReadmeShows) {
  const std::string readme = read_readme();
  std::string script = fenced_block_after(readme, "<!-- tested: walkthrough commands", "sh");
  const std::string expected = fenced_block_after(readme, "<!-- tested: walkthrough output", "text");
  ASSERT_FALSE(script.empty()) << "README.md has no walk-through commands block";
  ASSERT_FALSE(expected.empty()) << "README.md has no walk-through output block";
  ASSERT_NE(script.find("$PWD/build/release/bin/wmiport"), std::string::npos);
  ASSERT_NE(script.find("/tmp/mydrv"), std::string::npos);
  ASSERT_NE(script.find("\ncc "), std::string::npos);

  char dir_template[] = "/tmp/wmiport_readme_XXXXXX";
  const std::filesystem::path scratch = mkdtemp(dir_template);
  replace_all(script, "$PWD/build/release/bin/wmiport", WMIPORT_BINARY);
  replace_all(script, "/tmp/mydrv", scratch.string());
  replace_all(script, "\ncc ", "\n" WMIPORT_C_COMPILER " ");
  std::ofstream(scratch / "walkthrough.sh") << script;

  const auto result = run_command("cd " WMIPORT_SOURCE_DIR " && bash -e " + (scratch / "walkthrough.sh").string());
  EXPECT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(result.out, expected) << result.err;
  std::filesystem::remove_all(scratch);
}

}  // namespace
}  // namespace wmiport::testing

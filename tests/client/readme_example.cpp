// The "Using the API" example of README.md, compiled and run by ClientReadme.ExampleRuns; ClientReadme.
// ExampleIsInTheReadme checks that the README shows exactly the code between the markers.
#include "readme_example.h"

#include <iostream>

// README-EXAMPLE-BEGIN
#include <wmiport/client.h>

int show_adapter(const std::string& fchba_so) {
  wmiport::ClientOptions options;
  options.drivers = {fchba_so};  // the schema comes with the .so; options.mof_files adds more
  auto client = wmiport::Client::create(std::move(options));
  if (!client.ok()) {
    std::cerr << client.error().to_string() << "\n";
    return 1;
  }
  auto block = (*client)->resolve("MSFC_FCAdapterHBAAttributes");  // a class name or "{GUID}"
  if (!block.ok())
    return 1;
  auto reply = (*client)->query(*block);  // every instance: name, raw data, decoded properties
  if (!reply.ok()) {
    std::cerr << reply.error().to_string() << "\n";  // e.g. STATUS_WMI_GUID_NOT_FOUND: no block {...}
    return 1;
  }
  for (const auto& instance : reply->instances)
    std::cout << (*instance.properties)["Model"] << " has " << instance.data.size() << " bytes\n";
  return 0;
}
// README-EXAMPLE-END

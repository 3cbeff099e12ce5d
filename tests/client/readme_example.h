// The README's "Using the API" example (readme_example.cpp).
#pragma once

#include <string>

int show_adapter(const std::string& fchba_so);

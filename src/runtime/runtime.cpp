// libwmiport_runtime.so is assembled from the component libraries (see CMakeLists.txt); this file only gives
// the shared library target a translation unit of its own.
namespace wmiport::runtime {}

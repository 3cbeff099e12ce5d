// Golden bytes of the request WNODEs the miniport received through the port and of the replies the WMI core
// got back (no TimeStamp: neither the library nor the port stamps replies).
#include "scsiport_fixture.h"

namespace wmiport::test {
namespace {

class GoldenTest : public ScsiPortTest {};

}  // namespace
}  // namespace wmiport::test

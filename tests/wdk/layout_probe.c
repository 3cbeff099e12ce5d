/* tests/wdk/layout_probe.c - the reference side of the layout proof. Compiled ONLY by the mingw-w64 cross compiler
 * (x86_64-w64-mingw32-gcc) against the mingw-w64 WDK headers, once per world. The values land in the section
 * .wmilay, which the build extracts with objcopy into a little-endian array of 64-bit values: the magic, then one
 * value per entry of layout_list.def, in list order. We cannot run a PE binary; we only read its data. */
#if defined(WMIPORT_LAYOUT_WORLD_KERNEL)
#include <ntddk.h>
#include <ntstatus.h>
#include <wmistr.h>
#include <wmilib.h>
#elif defined(WMIPORT_LAYOUT_WORLD_MINIPORT)
#include <ntdef.h>
#include <miniport.h>
#include <srb.h>
#include <scsi.h>
#include <scsiwmi.h>
#endif
#include <stddef.h>

#include "layout_entry.h"

#define WMIPORT_LAYOUT_SIZE(type) (unsigned long long)sizeof(type),
#define WMIPORT_LAYOUT_OFFSET(type, member) (unsigned long long)offsetof(type, member),
#define WMIPORT_LAYOUT_CONST(name) (unsigned long long)(name),

__attribute__((section(".wmilay"), used)) const unsigned long long wmiport_layout_values[] = {
    WMIPORT_LAYOUT_MAGIC,
#include "layout_list.def"
};

/* tests/wdk/layout_native.c - the wmiport side of the layout proof: the same list (layout_list.def) compiled
 * natively against include/wdk, once per world (WMIPORT_LAYOUT_WORLD_KERNEL / _MINIPORT), into a named table. */
#if defined(WMIPORT_LAYOUT_WORLD_KERNEL)
#include <ntddk.h>
#include <ntstatus.h>
#include <wmilib.h>
#include <wmistr.h>
#define WMIPORT_LAYOUT_TABLE wmiport_layout_kernel
#define WMIPORT_LAYOUT_TABLE_COUNT wmiport_layout_kernel_count
#elif defined(WMIPORT_LAYOUT_WORLD_MINIPORT)
#include <miniport.h>
#include <scsi.h>
#include <scsiwmi.h>
#include <srb.h>
#define WMIPORT_LAYOUT_TABLE wmiport_layout_miniport
#define WMIPORT_LAYOUT_TABLE_COUNT wmiport_layout_miniport_count
#endif
#include <stddef.h>

#include "layout_entry.h"

#define WMIPORT_LAYOUT_SIZE(type) {"sizeof(" #type ")", (unsigned long long)sizeof(type)},
#define WMIPORT_LAYOUT_OFFSET(type, member) {"offsetof(" #type ", " #member ")", (unsigned long long)offsetof(type, member)},
#define WMIPORT_LAYOUT_CONST(name) {#name, (unsigned long long)(name)},

const struct wmiport_layout_entry WMIPORT_LAYOUT_TABLE[] = {
#include "layout_list.def"
};
const size_t WMIPORT_LAYOUT_TABLE_COUNT = sizeof(WMIPORT_LAYOUT_TABLE) / sizeof(WMIPORT_LAYOUT_TABLE[0]);

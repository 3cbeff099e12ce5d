// Behaviour of the WDM-world headers from C++: the IRP stack helpers, the Rtl/helper macros, the GUID helpers and
// DEFINE_GUID across translation units (guid_define*.c define, guid_use.c declares from C), and base type sizes.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <vector>

#include <ntddk.h>
#include <wmilib.h>
#include <wmistr.h>

#include "guid_test_guids.h"

extern "C" {
const GUID* wdk_test_guid_address_from_c(void);
const GUID* wdk_test_guid_address_from_second_definer(void);
int wdk_test_guid_equal_in_c(const GUID* guid);
int wdk_test_mofdata_guid_matches_initializer(void);
}

namespace {

TEST(WdkTypes, FixedWidths) {
  EXPECT_EQ(sizeof(ULONG), 4u);
  EXPECT_EQ(sizeof(LONG), 4u);
  EXPECT_EQ(sizeof(USHORT), 2u);
  EXPECT_EQ(sizeof(WCHAR), 2u);
  EXPECT_EQ(sizeof(BOOLEAN), 1u);
  EXPECT_EQ(sizeof(ULONG64), 8u);
  EXPECT_EQ(sizeof(ULONG_PTR), sizeof(void*));
  EXPECT_EQ(sizeof(SIZE_T), sizeof(void*));
  EXPECT_EQ(sizeof(NTSTATUS), 4u);
  EXPECT_EQ(sizeof(GUID), 16u);
  EXPECT_EQ(alignof(LARGE_INTEGER), 8u);
  LARGE_INTEGER li;
  li.QuadPart = 0x0000000100000002LL;
  EXPECT_EQ(li.LowPart, 2u);
  EXPECT_EQ(li.HighPart, 1);
  EXPECT_EQ(li.u.LowPart, 2u);
}

TEST(WdkGuid, DefineGuidDefinesOnceAndDeclaresElsewhere) {
  // Two translation units defined it (weak, as selectany); C and C++ declarations see the one object.
  EXPECT_EQ(&WdkTestGuid, wdk_test_guid_address_from_c());
  EXPECT_EQ(&WdkTestGuid, wdk_test_guid_address_from_second_definer());
  const GUID expected = WdkTestGuidInitializer;
  EXPECT_TRUE(IsEqualGUID(WdkTestGuid, expected));
  EXPECT_TRUE(WdkTestGuid == expected);
  EXPECT_FALSE(WdkTestGuid != expected);
  EXPECT_EQ(WdkTestGuid.Data1, 0x12345678u);
  EXPECT_EQ(WdkTestGuid.Data4[7], 0xefu);
  EXPECT_TRUE(wdk_test_guid_equal_in_c(&expected));
  EXPECT_TRUE(wdk_test_mofdata_guid_matches_initializer());
  GUID other = expected;
  other.Data4[0] ^= 1;
  EXPECT_FALSE(IsEqualGUID(other, expected));
  EXPECT_FALSE(wdk_test_guid_equal_in_c(&other));
}

// An IRP with three stack locations laid out as the I/O manager does: the IRP, then the locations.
struct TestIrp {
  explicit TestIrp(CCHAR stack_count) : storage(IoSizeOfIrp(stack_count)) {
    irp = reinterpret_cast<PIRP>(storage.data());
    irp->Size = IoSizeOfIrp(stack_count);
    irp->StackCount = stack_count;
    irp->CurrentLocation = static_cast<CHAR>(stack_count + 1);
    irp->Tail.Overlay.CurrentStackLocation = stack(stack_count);  // one past the last: no current location yet
  }
  PIO_STACK_LOCATION stack(int index) { return reinterpret_cast<PIO_STACK_LOCATION>(irp + 1) + index; }

  alignas(16) std::vector<unsigned char> storage;
  PIRP irp = nullptr;
};

NTSTATUS test_completion(PDEVICE_OBJECT, PIRP, PVOID) {
  return STATUS_SUCCESS;
}

TEST(WdkIrp, StackHelpersMoveAndCopyTheLocations) {
  TestIrp t(3);
  PIRP irp = t.irp;
  EXPECT_EQ(IoSizeOfIrp(3), sizeof(IRP) + 3 * sizeof(IO_STACK_LOCATION));

  // The caller fills the next location and "calls" the first driver.
  PIO_STACK_LOCATION next = IoGetNextIrpStackLocation(irp);
  EXPECT_EQ(next, t.stack(2));
  next->MajorFunction = IRP_MJ_SYSTEM_CONTROL;
  next->MinorFunction = IRP_MN_QUERY_ALL_DATA;
  next->Parameters.WMI.ProviderId = 0x1234;
  next->Parameters.WMI.BufferSize = 256;
  IoSetNextIrpStackLocation(irp);
  EXPECT_EQ(irp->CurrentLocation, 3);
  EXPECT_EQ(IoGetCurrentIrpStackLocation(irp), t.stack(2));

  // The first driver copies its location down and sets a completion routine.
  int context = 0;
  IoCopyCurrentIrpStackLocationToNext(irp);
  IoSetCompletionRoutine(irp, test_completion, &context, TRUE, FALSE, TRUE);
  PIO_STACK_LOCATION copied = t.stack(1);
  EXPECT_EQ(copied->MajorFunction, IRP_MJ_SYSTEM_CONTROL);
  EXPECT_EQ(copied->MinorFunction, IRP_MN_QUERY_ALL_DATA);
  EXPECT_EQ(copied->Parameters.WMI.ProviderId, 0x1234u);
  EXPECT_EQ(copied->Parameters.WMI.BufferSize, 256u);
  EXPECT_EQ(copied->CompletionRoutine, &test_completion);
  EXPECT_EQ(copied->Context, &context);
  EXPECT_EQ(copied->Control, SL_INVOKE_ON_SUCCESS | SL_INVOKE_ON_CANCEL);

  // Copying again clears the completion routine's Control bits but keeps the routine slot untouched by memcpy.
  t.stack(2)->Control = SL_PENDING_RETURNED;
  IoCopyCurrentIrpStackLocationToNext(irp);
  EXPECT_EQ(copied->Control, 0);

  // Pending is marked on the current location.
  t.stack(2)->Control = 0;
  IoMarkIrpPending(irp);
  EXPECT_EQ(t.stack(2)->Control & SL_PENDING_RETURNED, SL_PENDING_RETURNED);

  // A driver that skips its location hands its own location to the next driver.
  IoSkipCurrentIrpStackLocation(irp);
  EXPECT_EQ(irp->CurrentLocation, 4);
  IoSetNextIrpStackLocation(irp);
  EXPECT_EQ(IoGetCurrentIrpStackLocation(irp), t.stack(2));
}

TEST(WdkIrp, CancelRoutineExchange) {
  TestIrp t(1);
  PDRIVER_CANCEL old = IoSetCancelRoutine(t.irp, nullptr);
  EXPECT_EQ(old, nullptr);
}

struct Outer {
  ULONG a;
  LIST_ENTRY link;
};

TEST(WdkMacros, HelperMacros) {
  Outer o{};
  EXPECT_EQ(CONTAINING_RECORD(&o.link, Outer, link), &o);
  EXPECT_EQ(FIELD_OFFSET(WNODE_SINGLE_INSTANCE, VariableData), 64);
  EXPECT_EQ(RTL_SIZEOF_THROUGH_FIELD(WNODE_TOO_SMALL, SizeNeeded), 52);
  EXPECT_TRUE(ARGUMENT_PRESENT(&o));
  EXPECT_FALSE(ARGUMENT_PRESENT(nullptr));
  EXPECT_EQ(ALIGN_UP_BY(61, 8), 64u);
  EXPECT_EQ(ALIGN_DOWN_BY(61, 8), 56u);
  ULONG arr[5];
  EXPECT_EQ(RTL_NUMBER_OF(arr), 5u);
  EXPECT_EQ(ARRAYSIZE(arr), 5u);

  UCHAR a[8];
  UCHAR b[8];
  RtlFillMemory(a, sizeof(a), 0xAB);
  RtlCopyMemory(b, a, sizeof(a));
  EXPECT_TRUE(RtlEqualMemory(a, b, sizeof(a)));
  RtlZeroMemory(b, sizeof(b));
  EXPECT_EQ(b[7], 0);
  RtlMoveMemory(a + 1, a, 4);
  EXPECT_EQ(a[1], 0xAB);
  EXPECT_EQ(CTL_CODE(FILE_DEVICE_UNKNOWN, 0x800, METHOD_BUFFERED, FILE_ANY_ACCESS), 0x00222000u);
  EXPECT_EQ(WnodeFlagSeverity(0x7f000000u), 0x7f);
}

TEST(WdkMacros, Interlocked) {
  volatile LONG v = 5;
  EXPECT_EQ(InterlockedIncrement(&v), 6);
  EXPECT_EQ(InterlockedDecrement(&v), 5);
  EXPECT_EQ(InterlockedExchange(&v, 9), 5);
  EXPECT_EQ(InterlockedCompareExchange(&v, 1, 9), 9);
  EXPECT_EQ(v, 1);
  EXPECT_EQ(InterlockedCompareExchange(&v, 2, 9), 1);
  EXPECT_EQ(InterlockedExchangeAdd(&v, 10), 1);
  EXPECT_EQ(v, 11);
}

struct Item {
  int value;
  LIST_ENTRY link;
};

TEST(WdkLists, InlineListHelpers) {
  LIST_ENTRY head;
  InitializeListHead(&head);
  EXPECT_TRUE(IsListEmpty(&head));
  Item a{1, {}};
  Item b{2, {}};
  Item c{3, {}};
  InsertTailList(&head, &a.link);
  InsertTailList(&head, &b.link);
  InsertHeadList(&head, &c.link);  // c a b
  EXPECT_FALSE(IsListEmpty(&head));
  EXPECT_EQ(CONTAINING_RECORD(RemoveHeadList(&head), Item, link)->value, 3);
  EXPECT_EQ(CONTAINING_RECORD(RemoveTailList(&head), Item, link)->value, 2);
  EXPECT_TRUE(RemoveEntryList(&a.link));  // the list is empty afterwards
  EXPECT_TRUE(IsListEmpty(&head));

  SINGLE_LIST_ENTRY stack{nullptr};
  SINGLE_LIST_ENTRY x{nullptr};
  SINGLE_LIST_ENTRY y{nullptr};
  PushEntryList(&stack, &x);
  PushEntryList(&stack, &y);
  EXPECT_EQ(PopEntryList(&stack), &y);
  EXPECT_EQ(PopEntryList(&stack), &x);
  EXPECT_EQ(PopEntryList(&stack), nullptr);
}

TEST(WdkWnode, FlexibleArraysIndexPastTheFixedPart) {
  alignas(8) unsigned char buffer[128] = {};
  auto* all = reinterpret_cast<PWNODE_ALL_DATA>(buffer);
  EXPECT_EQ(reinterpret_cast<unsigned char*>(&all->OffsetInstanceDataAndLength[1]) - buffer, 68);
  EXPECT_EQ(reinterpret_cast<unsigned char*>(&all->FixedInstanceSize) - buffer, 60);
  auto* ref = reinterpret_cast<PWNODE_EVENT_REFERENCE>(buffer);
  EXPECT_EQ(reinterpret_cast<unsigned char*>(&ref->TargetInstanceName[2]) - buffer, 72);
  auto* reginfo = reinterpret_cast<PWMIREGINFOW>(buffer);
  EXPECT_EQ(reinterpret_cast<unsigned char*>(&reginfo->WmiRegGuid[1]) - buffer,
            static_cast<std::ptrdiff_t>(sizeof(WMIREGINFOW) + sizeof(WMIREGGUIDW)));
}

TEST(WdkWnode, DataPathSentinelsAreIntegers) {
  EXPECT_EQ(WMIREGISTER, 0);
  EXPECT_EQ(WMIUPDATE, 1);
  EXPECT_EQ(IRP_MN_REGINFO_EX, 0x0b);
  EXPECT_EQ(static_cast<int>(WMI_EXECUTE_METHOD), IRP_MN_EXECUTE_METHOD);
}

}  // namespace

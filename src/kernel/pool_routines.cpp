// ExAllocatePoolWithTag, ExAllocatePool2, ExAllocatePoolZero, ExFreePoolWithTag, ExFreePool.
#include <fmt/format.h>

#include <wdm.h>

#include "kernel/contract.h"
#include "kernel/current_driver.h"
#include "kernel/irql.h"
#include "kernel/pool.h"

namespace {

using wmiport::kernel::PoolTracker;
using wmiport::kernel::report_violation;

bool is_paged(POOL_TYPE type) {
  return (static_cast<unsigned>(type) & 1u) != 0;
}
bool is_cache_aligned(POOL_TYPE type) {
  return (static_cast<unsigned>(type) & 4u) != 0;
}

void check_irql_for(bool paged, const char* routine) {
  const auto irql = wmiport::kernel::current_irql();
  if (paged ? irql > APC_LEVEL : irql > DISPATCH_LEVEL)
    report_violation("pool_irql", fmt::format("{} of {} pool at IRQL {}", routine, paged ? "paged" : "nonpaged", irql));
}

PVOID allocate(SIZE_T size, ULONG tag, bool zero, bool cache_aligned) {
  return PoolTracker::instance().allocate(size, tag, zero, cache_aligned, wmiport::kernel::current_driver());
}

}  // namespace

extern "C" {

PVOID ExAllocatePoolWithTag(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag) {
  check_irql_for(is_paged(PoolType), "ExAllocatePoolWithTag");
  // Windows leaves the memory uninitialised; the sanitizers catch reads of it in drivers built with them.
  return allocate(NumberOfBytes, Tag, false, is_cache_aligned(PoolType));
}

PVOID ExAllocatePoolZero(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag) {
  check_irql_for(is_paged(PoolType), "ExAllocatePoolZero");
  return allocate(NumberOfBytes, Tag, true, is_cache_aligned(PoolType));
}

PVOID ExAllocatePool2(POOL_FLAGS Flags, SIZE_T NumberOfBytes, ULONG Tag) {
  constexpr POOL_FLAGS kKinds = POOL_FLAG_NON_PAGED | POOL_FLAG_NON_PAGED_EXECUTE | POOL_FLAG_PAGED;
  constexpr POOL_FLAGS kKnownRequired = POOL_FLAG_USE_QUOTA | POOL_FLAG_UNINITIALIZED | POOL_FLAG_SESSION |
                                        POOL_FLAG_CACHE_ALIGNED | POOL_FLAG_RAISE_ON_FAILURE | kKinds;
  const POOL_FLAGS kind = Flags & kKinds;
  const POOL_FLAGS required = Flags & (POOL_FLAG_OPTIONAL_START - 1);
  // Exactly one pool kind, and no unknown required flag: Windows fails such calls (returns NULL).
  if ((kind & (kind - 1)) != 0 || kind == 0 || (required & ~kKnownRequired) != 0) {
    report_violation("pool_flags", fmt::format("ExAllocatePool2 with invalid flags {:#x}", Flags));
    return nullptr;
  }
  if (Tag == 0) {
    report_violation("pool_tag_zero", "ExAllocatePool2 with tag 0");
    return nullptr;
  }
  check_irql_for(kind == POOL_FLAG_PAGED, "ExAllocatePool2");
  PVOID p =
      allocate(NumberOfBytes, Tag, (Flags & POOL_FLAG_UNINITIALIZED) == 0, (Flags & POOL_FLAG_CACHE_ALIGNED) != 0);
  if (p == nullptr && (Flags & POOL_FLAG_RAISE_ON_FAILURE) != 0)
    report_violation("pool_raise_on_failure", "ExAllocatePool2 failed with POOL_FLAG_RAISE_ON_FAILURE (no SEH here)");
  return p;
}

VOID ExFreePoolWithTag(PVOID P, ULONG Tag) {
  PoolTracker::instance().free(P, Tag);
}

VOID ExFreePool(PVOID P) {
  PoolTracker::instance().free(P, std::nullopt);
}

}  // extern "C"

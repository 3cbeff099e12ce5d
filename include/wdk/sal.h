/* wmiport WDK-compatible headers: sal.h
 *
 * The source-code annotation language (SAL) macros that driver code writes on its declarations. They carry
 * meaning only for Microsoft's static analysers; here every one expands to nothing so annotated code compiles
 * unchanged with GCC and Clang.
 */
#ifndef WMIPORT_WDK_SAL_H_
#define WMIPORT_WDK_SAL_H_

/* Parameters. */
#define _In_
#define _In_opt_
#define _In_z_
#define _In_opt_z_
#define _In_reads_(size)
#define _In_reads_opt_(size)
#define _In_reads_bytes_(size)
#define _In_reads_bytes_opt_(size)
#define _Out_
#define _Out_opt_
#define _Out_writes_(size)
#define _Out_writes_opt_(size)
#define _Out_writes_bytes_(size)
#define _Out_writes_bytes_opt_(size)
#define _Out_writes_bytes_all_(size)
#define _Out_writes_to_(size, count)
#define _Out_writes_bytes_to_(size, count)
#define _Out_writes_bytes_to_opt_(size, count)
#define _Inout_
#define _Inout_opt_
#define _Inout_z_
#define _Inout_updates_(size)
#define _Inout_updates_bytes_(size)
#define _Inout_updates_bytes_opt_(size)
#define _Outptr_
#define _Outptr_opt_
#define _Outptr_result_maybenull_
#define _Outptr_result_buffer_(size)
#define _Outptr_result_bytebuffer_(size)
#define _Reserved_
#define _Pre_notnull_
#define _Pre_maybenull_
#define _Post_invalid_
#define _Post_null_
#define _Post_writable_byte_size_(size)
#define _Frees_ptr_
#define _Frees_ptr_opt_
#define _Field_size_(size)
#define _Field_size_opt_(size)
#define _Field_size_bytes_(size)
#define _Field_size_bytes_opt_(size)
#define _Field_size_part_(size, count)
#define _Field_size_bytes_part_(size, count)
#define _Field_range_(min, max)
#define _Field_z_
#define _Printf_format_string_
#define _Strict_type_match_
#define _Literal_
#define _Notliteral_
#define _Points_to_data_

/* Results and functions. */
#define _Check_return_
#define _Must_inspect_result_
#define _Success_(expr)
#define _Return_type_success_(expr)
#define _Ret_maybenull_
#define _Ret_notnull_
#define _Ret_range_(min, max)
#define _Result_nullonfailure_
#define _Result_zeroonfailure_
#define _Analysis_assume_(expr)
#define _Analysis_noreturn_
#define _Analysis_mode_(mode)
#define _Use_decl_annotations_
#define _Function_class_(name)
#define _Dispatch_type_(type)
#define _Kernel_float_saved_
#define _Kernel_float_restored_
#define _Kernel_float_used_
#define _Kernel_requires_resource_held_(res)
#define _Kernel_requires_resource_not_held_(res)
#define _Kernel_acquires_resource_(res)
#define _Kernel_releases_resource_(res)
#define _Kernel_clear_do_init_(yesno)
#define _When_(expr, annotation)
#define _At_(target, annotation)
#define _At_buffer_(target, iter, bound, annotation)
#define _Guarded_by_(lock)
#define _Interlocked_
#define _Interlocked_operand_
#define _Null_terminated_
#define _NullNull_terminated_

/* IRQL annotations. */
#define _IRQL_requires_(irql)
#define _IRQL_requires_max_(irql)
#define _IRQL_requires_min_(irql)
#define _IRQL_requires_same_
#define _IRQL_raises_(irql)
#define _IRQL_saves_
#define _IRQL_restores_
#define _IRQL_saves_global_(kind, param)
#define _IRQL_restores_global_(kind, param)
#define _IRQL_always_function_max_(irql)
#define _IRQL_always_function_min_(irql)
#define _IRQL_uses_cancel_
#define _IRQL_is_cancel_
#define _Requires_lock_held_(lock)
#define _Requires_lock_not_held_(lock)
#define _Acquires_lock_(lock)
#define _Releases_lock_(lock)
#define _Acquires_exclusive_lock_(lock)
#define _Releases_exclusive_lock_(lock)

/* The older __drv_* driver annotations. */
#define __drv_aliasesMem
#define __drv_allocatesMem(kind)
#define __drv_freesMem(kind)
#define __drv_arg(expr, annotation)
#define __drv_at(expr, annotation)
#define __drv_when(cond, annotation)
#define __drv_dispatchType(type)
#define __drv_dispatchType_other
#define __drv_functionClass(name)
#define __drv_maxIRQL(irql)
#define __drv_minIRQL(irql)
#define __drv_requiresIRQL(irql)
#define __drv_setsIRQL(irql)
#define __drv_raisesIRQL(irql)
#define __drv_savesIRQL
#define __drv_restoresIRQL
#define __drv_savesIRQLGlobal(kind, param)
#define __drv_restoresIRQLGlobal(kind, param)
#define __drv_sameIRQL
#define __drv_useCancelIRQL
#define __drv_isCancelIRQL
#define __drv_clearDoInitStarts(yesno)
#define __drv_valueIs(list)
#define __drv_strictType(type, mode)
#define __drv_strictTypeMatch(mode)
#define __drv_reportError(msg)
#define __drv_preferredFunction(func, why)
#define __drv_inTry
#define __drv_notInTry
#define __drv_mustHold(kind)
#define __drv_neverHold(kind)
#define __drv_acquiresResource(kind)
#define __drv_releasesResource(kind)
#define __drv_acquiresExclusiveResource(kind)
#define __drv_releasesExclusiveResource(kind)
#define __drv_in(annotation)
#define __drv_out(annotation)
#define __drv_ret(annotation)
#define __drv_deref(annotation)
#define __drv_floatUsed
#define __drv_floatSaved
#define __drv_floatRestored
#define __drv_interlocked
#define __drv_nonConstant
#define __drv_constant
#define __drv_Mode_impl(x)

/* The pre-SAL 2 spellings (__in, __out, ...) are deliberately not defined: they collide with identifiers used
 * inside libstdc++ and glibc headers. */

#endif /* WMIPORT_WDK_SAL_H_ */

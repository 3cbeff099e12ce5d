# -Wall -Wextra -Werror on every target of the project, for GCC 12 and Clang 14 alike.
add_compile_options(-Wall -Wextra -Werror)
add_compile_options($<$<COMPILE_LANGUAGE:CXX>:-Wnon-virtual-dtor>)

# search.cmake: the search benchmark (bench/bench_search.c, run by bench/search.sh).
# Included by the root CMakeLists.txt.
add_executable(bench_search EXCLUDE_FROM_ALL ${CMAKE_SOURCE_DIR}/bench/bench_search.c)
target_link_libraries(bench_search PRIVATE tala_core)

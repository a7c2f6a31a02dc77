# text.cmake: build rules of the text engine: the table generator (tools/text_gen.c) run on
# data/mongolian, and the bench_text benchmark. Included by the root CMakeLists.txt.
add_executable(text_gen ${CMAKE_SOURCE_DIR}/tools/text_gen.c)
target_link_libraries(text_gen PRIVATE PkgConfig::DEPS)
set(TEXT_GEN_DATA
	${CMAKE_SOURCE_DIR}/data/mongolian/menksoft.yaml
	${CMAKE_SOURCE_DIR}/data/mongolian/variants.json)
add_custom_command(OUTPUT ${CMAKE_BINARY_DIR}/text/mong_tables.c
	COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/text
	COMMAND text_gen ${CMAKE_SOURCE_DIR}/data/mongolian ${CMAKE_BINARY_DIR}/text/mong_tables.c
	DEPENDS text_gen ${TEXT_GEN_DATA} ${CMAKE_SOURCE_DIR}/src/text/mong_tables.h
	COMMENT "Generating Mongolian tables from data/mongolian")
set(TALA_GENERATED_SOURCES ${TALA_GENERATED_SOURCES} ${CMAKE_BINARY_DIR}/text/mong_tables.c)

# The throughput benchmark (bench/text.sh runs it from a Release build).
add_executable(bench_text EXCLUDE_FROM_ALL ${CMAKE_SOURCE_DIR}/bench/bench_text.c)
target_link_libraries(bench_text PRIVATE tala_core)

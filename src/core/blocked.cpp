// SPDX-License-Identifier: MIT
// blocked.cpp: the matrix products with a 6 x 16 (AVX-512) or 6 x 8 tile of C held in registers (mlp::blocked), and
// the large ones cut into bands of C, one per thread.
//
// Built with -fno-tree-loop-vectorize under GCC (see CMakeLists.txt): at -O3 GCC's loop
// vectorizer would rewrite the tile loop below into shuffles that run 6x slower than what its
// basic-block vectorizer makes of the same loop.
#include <algorithm>
#include <vector>

#include "mlp/core/kernels.hpp"
#include "mlp/core/threads.hpp"
#include "shape_checks.hpp"

namespace mlp {

using detail::check_matmul;
using detail::check_matmul_a_bt;
using detail::check_matmul_at_b_add;

namespace {

// ---------------------------------------------------------------------------------------------
// The blocked product C += L R
//
// All three kernels are one product C += L R with L: (n, k), R: (k, m), C: (n, m); they differ
// only in how L and R sit in memory (A or A^T, B or B^T). A View reads either through strides.
//
// Why blocked: the plain i-k-j loop loads and stores a row of C for every single product term,
// so it waits on memory, not on arithmetic. Here a 6 x 8 tile of C (6 x 16 with AVX-512) stays in registers (twelve
// 4-wide vectors with AVX2) while p runs over a block of the inner dimension: per p step, 6
// numbers of L and 8 of R feed 48 multiply-adds. R is first copied, 8 columns at a time, into
// contiguous panels (a block of them stays in L2); 6 rows of L stay in L1 while every panel of
// the block passes under them. This is the loop order of GotoBLAS, with L read in place.
// Each C[i][j] still receives its terms in the order p = 0, 1, ..., k-1, as in the reference.
// ---------------------------------------------------------------------------------------------

// Element (r, c) of a factor is data[r * row_stride + c * col_stride].
struct View {
    const double* data;
    std::size_t row_stride;
    std::size_t col_stride;

    double at(std::size_t r, std::size_t c) const { return data[r * row_stride + c * col_stride]; }
};

constexpr std::size_t kTileRows = 6;    // rows of C per tile
// Columns of C per tile: two vectors of the widest kind the build has, so each row of the tile
// gives two independent multiply-add chains (12 in all; two FMA pipes with a 4-cycle latency
// need at least 8 in flight). With AVX-512 (-march=native on a CPU that has it) that is 16
// columns: with 8, a row would be one 8-wide vector, 6 chains, too few to keep both pipes busy
// (bench/README.md measures it).
#if defined(__AVX512F__)
constexpr std::size_t kTileCols = 16;
#else
constexpr std::size_t kTileCols = 8;    // two AVX2 vectors
#endif
constexpr std::size_t kDepth = 256;     // p steps per block: 6 rows of L are 12 KiB, in L1 (32 KiB)
constexpr std::size_t kColBlock = 128;  // columns per block: its panels are 256 KiB, in L2 (512 KiB)

// c[r][j] += sum_p L_r[p * l_step] * panel[p][j]   for r < rows, j < cols, p = 0 .. depth-1.
// l_rows[r] points at L(i + r, p0); c points at C(i, j0), rows ldc apart. The sums are always
// made for a full tile (a tile at the bottom or right edge of C gets repeated rows of L
// and zero columns of the panel); only the rows < rows and columns < cols of C are touched.
// The fixed-size loops are unrolled completely (the pragmas ask GCC to), which lets the 48 (96 with AVX-512)
// accumulators live in registers; the compiler then turns each row's 8 (16) additions into two
// vector multiply-adds. Nothing else happens here.
void tile_add(std::size_t depth, const double* const l_rows[kTileRows], std::size_t l_step,
              const double* panel, double* c, std::size_t ldc, std::size_t rows, std::size_t cols,
              bool add_to_c) {
    double acc[kTileRows][kTileCols];
    if (!add_to_c) {
#pragma GCC unroll 8
        for (std::size_t r = 0; r < kTileRows; ++r)
#pragma GCC unroll 16
            for (std::size_t j = 0; j < kTileCols; ++j) acc[r][j] = 0.0;
    } else if (rows == kTileRows && cols == kTileCols) {
#pragma GCC unroll 8
        for (std::size_t r = 0; r < kTileRows; ++r)
#pragma GCC unroll 16
            for (std::size_t j = 0; j < kTileCols; ++j) acc[r][j] = c[r * ldc + j];
    } else {
#pragma GCC unroll 8
        for (std::size_t r = 0; r < kTileRows; ++r)
#pragma GCC unroll 16
            for (std::size_t j = 0; j < kTileCols; ++j) acc[r][j] = r < rows && j < cols ? c[r * ldc + j] : 0.0;
    }

    for (std::size_t p = 0; p < depth; ++p) {
        const double* b = panel + p * kTileCols;
#pragma GCC unroll 8
        for (std::size_t r = 0; r < kTileRows; ++r) {
            const double a = l_rows[r][p * l_step];
#pragma GCC unroll 16
            for (std::size_t j = 0; j < kTileCols; ++j) acc[r][j] += a * b[j];
        }
    }

    if (rows == kTileRows && cols == kTileCols) {
#pragma GCC unroll 8
        for (std::size_t r = 0; r < kTileRows; ++r)
#pragma GCC unroll 16
            for (std::size_t j = 0; j < kTileCols; ++j) c[r * ldc + j] = acc[r][j];
    } else {
#pragma GCC unroll 8
        for (std::size_t r = 0; r < kTileRows; ++r)
#pragma GCC unroll 16
            for (std::size_t j = 0; j < kTileCols; ++j)
                if (r < rows && j < cols) c[r * ldc + j] = acc[r][j];
    }
}

// Copies R(p0 .. p0+depth, j0 .. j0+cols) into panel[p][j], 8 to a row; columns past cols are 0.
void pack_panel(View R, std::size_t p0, std::size_t depth, std::size_t j0, std::size_t cols, double* panel) {
    if (R.col_stride == 1 && cols == kTileCols) {
        // R's rows are contiguous (R = B): 8 neighbours per row. They are read into a local
        // first so the compiler knows the panel cannot overlap them and moves them as two
        // vectors, not eight single numbers.
        for (std::size_t p = 0; p < depth; ++p) {
            const double* row = &R.data[(p0 + p) * R.row_stride + j0];
            double v[kTileCols];
#pragma GCC unroll 16
            for (std::size_t j = 0; j < kTileCols; ++j) v[j] = row[j];
#pragma GCC unroll 16
            for (std::size_t j = 0; j < kTileCols; ++j) panel[p * kTileCols + j] = v[j];
        }
        return;
    }
    std::size_t p = 0;
    if (R.row_stride == 1 && cols == kTileCols) {
        // R = B^T: column j of R is row j of B, contiguous in p. Four steps of p at a time: four
        // neighbours from each of the 8 columns (vector loads), then written out row by row.
        const double* column[kTileCols];
        for (std::size_t j = 0; j < kTileCols; ++j) column[j] = &R.data[(j0 + j) * R.col_stride + p0];
        for (; p + 4 <= depth; p += 4) {
            double v[kTileCols][4];
#pragma GCC unroll 16
            for (std::size_t j = 0; j < kTileCols; ++j)
#pragma GCC unroll 4
                for (std::size_t q = 0; q < 4; ++q) v[j][q] = column[j][p + q];
#pragma GCC unroll 4
            for (std::size_t q = 0; q < 4; ++q)
#pragma GCC unroll 16
                for (std::size_t j = 0; j < kTileCols; ++j) panel[(p + q) * kTileCols + j] = v[j][q];
        }
    }
    for (; p < depth; ++p) {
        for (std::size_t j = 0; j < cols; ++j) panel[p * kTileCols + j] = R.at(p0 + p, j0 + j);
        for (std::size_t j = cols; j < kTileCols; ++j) panel[p * kTileCols + j] = 0.0;
    }
}

// C += L R   L: (n, k)  R: (k, m)  C: (n, m), row-major with rows ldc apart (ldc >= m: C may
// be a band of columns of a wider matrix).
//
// The loops, outside in: a block of depth p (up to 256), a block of columns (up to 128); the
// block's panels are copied once (256 x 128 doubles = 256 KiB, which stays in L2); then for
// every 6 rows of L (6 x 256 doubles, which stay in L1) every panel of the block passes under
// them, one tile of C at a time.
void product_add(std::size_t n, std::size_t m, std::size_t k, View L, View R, double* C, std::size_t ldc,
                 bool add_to_c) {
    if (k == 0 && !add_to_c)  // no terms: C = 0
        for (std::size_t i = 0; i < n; ++i) std::fill(C + i * ldc, C + i * ldc + m, 0.0);
    static thread_local std::vector<double> panels(kDepth * kColBlock);  // allocated once per thread
    // k is cut into blocks of equal depth (784 = 4 x 196, not 3 x 256 + 16: a short last block
    // would spend its time loading and storing tiles of C rather than multiplying).
    const std::size_t blocks = (k + kDepth - 1) / kDepth;
    const std::size_t block_depth = blocks == 0 ? 0 : (k + blocks - 1) / blocks;
    for (std::size_t p0 = 0; p0 < k; p0 += block_depth) {
        const std::size_t depth = std::min(block_depth, k - p0);
        for (std::size_t jb = 0; jb < m; jb += kColBlock) {
            const std::size_t jb_end = std::min(jb + kColBlock, m);
            for (std::size_t j0 = jb; j0 < jb_end; j0 += kTileCols)
                pack_panel(R, p0, depth, j0, std::min(kTileCols, m - j0), &panels[(j0 - jb) * depth]);

            for (std::size_t i = 0; i < n; i += kTileRows) {
                const std::size_t rows = std::min(kTileRows, n - i);
                // Rows past the end repeat the last row, so every read is in bounds; the sums
                // they give are never stored.
                const double* l_rows[kTileRows];
                for (std::size_t r = 0; r < kTileRows; ++r)
                    l_rows[r] = &L.data[std::min(i + r, i + rows - 1) * L.row_stride + p0 * L.col_stride];

                for (std::size_t j0 = jb; j0 < jb_end; j0 += kTileCols) {
                    const std::size_t cols = std::min(kTileCols, m - j0);
                    const double* panel = &panels[(j0 - jb) * depth];
                    tile_add(depth, l_rows, L.col_stride, panel, C + i * ldc + j0, ldc, rows, cols, add_to_c || p0 > 0);
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Large products on several threads
//
// A large product is cut into as many parts as there are threads (mlp::threads()): the columns
// of C, or its rows when it has more rows than columns, into bands of whole tiles, one band per
// thread. Each thread runs product_add on its band: its own elements of C, each summed over the
// whole inner dimension p = 0, 1, ..., k-1 exactly as one thread sums it. The inner dimension is
// never split (adding partial sums would change the order and so the last bits): the result is
// bit for bit that of one thread (tests/test_threads.cpp).
// ---------------------------------------------------------------------------------------------

// Fewer multiply-adds than this per thread and waking a thread costs more than it saves. XOR
// (4 x 2 x 8) and two moons (32 x 16 x 16) stay far below it, on the calling thread; a batch of
// 64 through 784-256-128-10 splits its first two layers' products (64 x 784 x 256, 64 x 256 x 128)
// and not its last (64 x 128 x 10).
constexpr std::size_t kWorkPerThread = std::size_t{1} << 19;

// One product cut into bands; run(part) computes band `part`.
struct Bands {
    std::size_t n, m, k;
    View L, R;
    double* C;
    bool add_to_c;
    bool by_columns;    // bands of columns of C (else of rows)
    std::size_t tiles;  // tiles across the dimension that is cut
    std::size_t parts;

    void run(std::size_t part) const {
        // Band `part` holds tiles [tiles * part / parts, tiles * (part + 1) / parts).
        const std::size_t tile = by_columns ? kTileCols : kTileRows;
        const std::size_t length = by_columns ? m : n;
        const std::size_t begin = std::min(length, tiles * part / parts * tile);
        const std::size_t end = std::min(length, tiles * (part + 1) / parts * tile);
        if (by_columns) {  // columns begin .. end-1 of R and of C
            const View R_band{R.data + begin * R.col_stride, R.row_stride, R.col_stride};
            product_add(n, end - begin, k, L, R_band, C + begin, m, add_to_c);
        } else {  // rows begin .. end-1 of L and of C
            const View L_band{L.data + begin * L.row_stride, L.row_stride, L.col_stride};
            product_add(end - begin, m, k, L_band, R, C + begin * m, m, add_to_c);
        }
    }
};

// C += L R (or C = L R), on one thread or several.
void product(std::size_t n, std::size_t m, std::size_t k, View L, View R, double* C, bool add_to_c) {
    const bool by_columns = m >= n;
    const std::size_t tiles = by_columns ? (m + kTileCols - 1) / kTileCols : (n + kTileRows - 1) / kTileRows;
    const std::size_t parts = std::min({threads(), n * m * k / kWorkPerThread, tiles});
    if (parts <= 1) {
        product_add(n, m, k, L, R, C, m, add_to_c);
        return;
    }
    const Bands bands{n, m, k, L, R, C, add_to_c, by_columns, tiles, parts};
    parallel_for(parts, [&bands](std::size_t part) { bands.run(part); });  // one pointer: no allocation
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// The blocked kernels: each is the one product C += L R with its own L and R
// ---------------------------------------------------------------------------------------------

namespace blocked {

// C = A B:  L = A, R = B
void matmul(const Tensor& A, const Tensor& B, Tensor& C) {
    check_matmul("blocked::matmul", A, B);
    const std::size_t n = A.rows(), k = A.cols(), m = B.cols();
    C.resize(n, m);
    product(n, m, k, {A.data(), k, 1}, {B.data(), m, 1}, C.data(), false);
}

// C += A^T B:  L = A^T, read down the columns of A (k, n);  R = B
void matmul_at_b_add(const Tensor& A, const Tensor& B, Tensor& C) {
    check_matmul_at_b_add("blocked::matmul_at_b_add", A, B, C);
    const std::size_t k = A.rows(), n = A.cols(), m = B.cols();
    product(n, m, k, {A.data(), 1, n}, {B.data(), m, 1}, C.data(), true);
}

// C = A B^T:  L = A;  R = B^T, read down the columns of B (m, k)
void matmul_a_bt(const Tensor& A, const Tensor& B, Tensor& C) {
    check_matmul_a_bt("blocked::matmul_a_bt", A, B);
    const std::size_t n = A.rows(), k = A.cols(), m = B.rows();
    C.resize(n, m);
    product(n, m, k, {A.data(), k, 1}, {B.data(), 1, k}, C.data(), false);
}

}  // namespace blocked

}  // namespace mlp

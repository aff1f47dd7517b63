// Size arithmetic that cannot wrap around, and the error for a size that cannot be held.
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>

namespace sg {

// The largest byte size of one tensor: 2^53 - 1, so that every element count and byte count the
// addon reports is exact as a JavaScript number.
constexpr size_t kMaxTensorBytes = (static_cast<size_t>(1) << 53) - 1;

// A size that cannot be represented or allocated (too many elements, more memory than there is).
// JavaScript receives it as a RangeError.
class SizeError : public std::range_error {
 public:
  using std::range_error::range_error;
};

// `a * b`, or false (and `out` unchanged) when the product does not fit in size_t.
inline bool checked_mul(size_t a, size_t b, size_t* out) {
  if (a != 0 && b > SIZE_MAX / a) return false;
  *out = a * b;
  return true;
}

// `a + b`, or SIZE_MAX when the sum does not fit.
inline size_t saturating_add(size_t a, size_t b) { return b > SIZE_MAX - a ? SIZE_MAX : a + b; }

}  // namespace sg

// Package gtin computes GS1 check digits (EAN-8, UPC-A, EAN-13, GTIN-14), which the catalog
// checks product bar codes by and the demo catalog makes its bar codes with. No I/O.
package gtin

// CheckDigit is the GS1 check digit of the digits before it: weights 3 and 1 alternating from
// the right, the digit that makes the sum a multiple of ten.
func CheckDigit(digits string) byte {
	sum := 0
	for i := range len(digits) {
		d := int(digits[len(digits)-1-i] - '0')
		if i%2 == 0 {
			d *= 3
		}
		sum += d
	}
	return byte('0' + (10-sum%10)%10)
}

// Valid says whether code is a GTIN (8, 12, 13 or 14 digits) whose last digit is its check digit.
func Valid(code string) bool {
	switch len(code) {
	case 8, 12, 13, 14:
	default:
		return false
	}
	for _, c := range []byte(code) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return CheckDigit(code[:len(code)-1]) == code[len(code)-1]
}

package formdef

import "strings"

// TransformUpper writes a text in capitals and with single spaces, for
// answers such as number plates that people type in lower case on a phone
// ("ms-ab  123" becomes "MS-AB 123") before the pattern checks them.
const TransformUpper = "upper"

// Transforms lists the values the key transform takes.
var Transforms = []string{TransformUpper}

// transform applies fd's transform to a typed text.
func transform(fd *Field, s string) string {
	switch fd.Transform {
	case TransformUpper:
		return strings.Join(strings.Fields(strings.ToUpper(s)), " ")
	}
	return s
}

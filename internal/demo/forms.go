package demo

import "embed"

// Forms holds the demo form definitions (forms/*.yaml), one file per form,
// named after the form ID. The forms module installs them like files from
// DATA_DIR/forms.
//
//go:embed forms/*.yaml
var Forms embed.FS

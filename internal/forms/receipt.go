package forms

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
)

// The receipt of a sent draft is kept for its confirmation page, sealed
// with a key made from the draft's link token, which only the browser has
// (the database stores the token's hash). A guest's receipt holds the
// private link to the case, which must not lie in the database readable.

func receiptKey(token string) []byte {
	k := sha256.Sum256([]byte("forms.receipt\x00" + token))
	return k[:]
}

func sealReceipt(token string, r Receipt) (string, error) {
	plain, err := json.Marshal(r)
	if err != nil {
		return "", fmt.Errorf("seal receipt: %w", err)
	}
	block, err := aes.NewCipher(receiptKey(token))
	if err != nil {
		return "", fmt.Errorf("seal receipt: %w", err)
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		return "", fmt.Errorf("seal receipt: %w", err)
	}
	nonce := make([]byte, gcm.NonceSize())
	rand.Read(nonce)
	return base64.RawURLEncoding.EncodeToString(gcm.Seal(nonce, nonce, plain, nil)), nil
}

func openReceipt(token, sealed string) (Receipt, error) {
	var r Receipt
	raw, err := base64.RawURLEncoding.DecodeString(sealed)
	if err != nil {
		return r, fmt.Errorf("open receipt: %w", err)
	}
	block, err := aes.NewCipher(receiptKey(token))
	if err != nil {
		return r, fmt.Errorf("open receipt: %w", err)
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		return r, fmt.Errorf("open receipt: %w", err)
	}
	if len(raw) < gcm.NonceSize() {
		return r, fmt.Errorf("open receipt: too short")
	}
	plain, err := gcm.Open(nil, raw[:gcm.NonceSize()], raw[gcm.NonceSize():], nil)
	if err != nil {
		return r, fmt.Errorf("open receipt: %w", err)
	}
	if err := json.Unmarshal(plain, &r); err != nil {
		return r, fmt.Errorf("open receipt: %w", err)
	}
	return r, nil
}

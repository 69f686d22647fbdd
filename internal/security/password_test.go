package security

import "testing"

func TestPassword(t *testing.T) {
	h, err := HashPassword("una password lunga")
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := CheckPassword(h, "una password lunga"); !ok || err != nil {
		t.Fatalf("right password refused: %v %v", ok, err)
	}
	if ok, _ := CheckPassword(h, "una password lungA"); ok {
		t.Fatal("wrong password accepted")
	}
	h2, _ := HashPassword("una password lunga")
	if h == h2 {
		t.Fatal("two hashes of one password must differ (salt)")
	}
	for _, bad := range []string{"", "$argon2id$", "$bcrypt$v=19$m=1,t=1,p=1$AA$AA", "$argon2id$v=19$m=x$AA$AA"} {
		if _, err := CheckPassword(bad, "x"); err == nil {
			t.Errorf("malformed hash %q accepted", bad)
		}
	}
}

func TestToken(t *testing.T) {
	a, b := Token(), Token()
	if a == b || len(a) < 40 {
		t.Fatalf("tokens %q %q", a, b)
	}
	if HashToken(a) == HashToken(b) || len(HashToken(a)) != 64 {
		t.Fatal("bad token hash")
	}
}

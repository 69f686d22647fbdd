package cli

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/mail"
	"net/netip"
	"net/url"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"golang.org/x/term"

	"github.com/pdz-ats/pdz/internal/database"
	"github.com/pdz-ats/pdz/internal/demo"
	"github.com/pdz-ats/pdz/internal/mailer"
	"github.com/pdz-ats/pdz/internal/pdz"
	"github.com/pdz-ats/pdz/internal/security"
	"github.com/pdz-ats/pdz/internal/store"
	"github.com/pdz-ats/pdz/internal/web"
)

// Version is set at build time with -ldflags "-X github.com/pdz-ats/pdz/internal/cli.Version=…".
var Version = "dev"

const usage = `pdz: la piattaforma per i Piani Sociali di Zona partecipati

Uso:
  pdz serve [--demo]     avvia l'applicazione web
  pdz migrate            aggiorna lo schema del database
  pdz demo               carica i dati dimostrativi
  pdz user add --email E --name N [--admin] [--ambito SLUG --role responsabile|operatore]
                         crea un utente; la password si legge dal terminale o da stdin
  pdz export --ambito SLUG --piano SLUG > piano.json
                         scrive un piano sociale di zona come documento JSON
  pdz import --ambito SLUG < piano.json
                         importa un piano (tutto o niente), non pubblicato
  pdz version            mostra la versione

Opzioni comuni (anche come variabili d'ambiente):
  --db URL         PDZ_DATABASE_URL  file SQLite (predefinito data/pdz.db) o postgres://…
  --addr ADDR      PDZ_ADDR          indirizzo di ascolto (predefinito :8080)
  --base-url URL   PDZ_BASE_URL      indirizzo pubblico (predefinito http://localhost:8080)

Posta elettronica (pdz serve):
  --smtp-host H    PDZ_SMTP_HOST     server SMTP; se manca, i messaggi si scrivono in PDZ_MAIL_DIR
  --smtp-port N    PDZ_SMTP_PORT     porta (predefinita 587, 465 con --smtp-tls tls)
  --smtp-user U    PDZ_SMTP_USER     utente SMTP (vuoto: nessuna autenticazione)
                   PDZ_SMTP_PASSWORD password SMTP (solo come variabile d'ambiente)
  --smtp-from A    PDZ_SMTP_FROM     mittente, es. "Ufficio di Piano <noreply@ambito.it>"
  --smtp-tls T     PDZ_SMTP_TLS      starttls (predefinito), tls oppure none
  --mail-dir D     PDZ_MAIL_DIR      cartella dei messaggi senza SMTP (predefinita data/mail)
                   PDZ_SMTP_TIMEOUT  attesa massima per ogni comando SMTP (predefinita 30s)
                   PDZ_MAIL_LEASE    per quanto un server riserva i messaggi che sta inviando (predefinita 5m)
`

// Main runs the command line and returns the exit status.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	log := slog.New(slog.NewTextHandler(stderr, nil))
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "serve":
		err = serve(args[1:], log)
	case "migrate":
		err = migrate(args[1:], stdout)
	case "demo":
		err = loadDemo(args[1:], stdout)
	case "user":
		if len(args) < 2 || args[1] != "add" {
			fmt.Fprint(stderr, usage)
			return 2
		}
		err = userAdd(args[2:], stdin, stdout)
	case "export":
		err = exportPlan(args[1:], stdout)
	case "import":
		err = importPlan(args[1:], stdin, stdout)
	case "version", "--version", "-v":
		fmt.Fprintln(stdout, "pdz", Version)
	case "help", "--help", "-h":
		fmt.Fprint(stdout, usage)
	default:
		fmt.Fprintf(stderr, "comando sconosciuto: %s\n\n%s", args[0], usage)
		return 2
	}
	if err != nil {
		fmt.Fprintln(stderr, "errore:", err)
		return 1
	}
	return 0
}

// options are the settings shared by the commands.
type options struct {
	db      string
	addr    string
	baseURL string
	demo    bool
	cache   time.Duration
	mail    mailOptions
	// formLimit is web.Config.PublicFormLimit.
	formLimit int
	// proxies is web.Config.TrustedProxies.
	proxies []netip.Prefix
	// dbLimits are the PostgreSQL lock and statement timeouts.
	dbLimits database.Options
}

// mailOptions configure the sending of the outbox.
type mailOptions struct {
	smtp    mailer.SMTPConfig
	from    string
	dir     string
	portStr string
	lease   time.Duration
}

func env(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

func flags(name string, args []string, extra func(fs *flag.FlagSet)) (*options, *flag.FlagSet, error) {
	o := &options{}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.StringVar(&o.db, "db", env("PDZ_DATABASE_URL", "data/pdz.db"), "database: file SQLite o URL postgres://")
	fs.StringVar(&o.addr, "addr", env("PDZ_ADDR", ":8080"), "indirizzo di ascolto")
	fs.StringVar(&o.baseURL, "base-url", env("PDZ_BASE_URL", "http://localhost:8080"), "indirizzo pubblico")
	fs.BoolVar(&o.demo, "demo", env("PDZ_DEMO", "") == "1", "carica i dati dimostrativi se il database è vuoto")
	ttl, err := time.ParseDuration(env("PDZ_PAGE_CACHE_TTL", "5s"))
	if err != nil {
		return nil, nil, fmt.Errorf("PDZ_PAGE_CACHE_TTL: %w", err)
	}
	fs.DurationVar(&o.cache, "page-cache-ttl", ttl, "durata massima della cache delle pagine pubbliche (0 la disattiva)")
	limit, err := strconv.Atoi(env("PDZ_PUBLIC_FORM_LIMIT", "60"))
	if err != nil || limit < 0 {
		return nil, nil, fmt.Errorf("PDZ_PUBLIC_FORM_LIMIT: numero non valido")
	}
	fs.IntVar(&o.formLimit, "public-form-limit", limit, "moduli pubblici accettati da un indirizzo in 10 minuti (0: nessun limite)")
	fs.Func("trusted-proxies", "proxy inversi fidati, indirizzi o reti separati da virgole (es. 127.0.0.1,10.0.0.0/8): per loro si legge X-Forwarded-For", func(v string) (err error) {
		o.proxies, err = parseProxies(v)
		return err
	})
	if o.proxies, err = parseProxies(env("PDZ_TRUSTED_PROXIES", "")); err != nil {
		return nil, nil, fmt.Errorf("PDZ_TRUSTED_PROXIES: %w", err)
	}
	for _, d := range []struct {
		flag, env string
		to        *time.Duration
		def       time.Duration
		usage     string
	}{
		{"db-lock-timeout", "PDZ_DB_LOCK_TIMEOUT", &o.dbLimits.LockTimeout, database.DefaultLockTimeout,
			"PostgreSQL: attesa massima di un blocco tenuto da un'altra transazione; poi la pagina risponde 503"},
		{"db-statement-timeout", "PDZ_DB_STATEMENT_TIMEOUT", &o.dbLimits.StatementTimeout, database.DefaultStatementTimeout,
			"PostgreSQL: durata massima di un'istruzione SQL"},
	} {
		v, err := time.ParseDuration(env(d.env, d.def.String()))
		if err != nil || v < time.Millisecond {
			return nil, nil, fmt.Errorf("%s: durata non valida (almeno 1ms)", d.env)
		}
		fs.DurationVar(d.to, d.flag, v, d.usage)
	}
	fs.StringVar(&o.mail.smtp.Host, "smtp-host", env("PDZ_SMTP_HOST", ""), "server SMTP (vuoto: messaggi scritti in --mail-dir)")
	fs.StringVar(&o.mail.portStr, "smtp-port", env("PDZ_SMTP_PORT", ""), "porta SMTP")
	fs.StringVar(&o.mail.smtp.User, "smtp-user", env("PDZ_SMTP_USER", ""), "utente SMTP")
	fs.StringVar(&o.mail.smtp.TLS, "smtp-tls", env("PDZ_SMTP_TLS", "starttls"), "starttls, tls o none")
	fs.StringVar(&o.mail.from, "smtp-from", env("PDZ_SMTP_FROM", ""), "mittente dei messaggi")
	fs.StringVar(&o.mail.dir, "mail-dir", env("PDZ_MAIL_DIR", "data/mail"), "cartella dei messaggi senza SMTP")
	o.mail.smtp.Password = os.Getenv("PDZ_SMTP_PASSWORD") // never a flag: it would show in the process list
	if o.mail.smtp.Timeout, err = time.ParseDuration(env("PDZ_SMTP_TIMEOUT", "30s")); err != nil || o.mail.smtp.Timeout <= 0 {
		return nil, nil, fmt.Errorf("PDZ_SMTP_TIMEOUT: durata non valida")
	}
	if o.mail.lease, err = time.ParseDuration(env("PDZ_MAIL_LEASE", "5m")); err != nil || o.mail.lease < time.Second {
		return nil, nil, fmt.Errorf("PDZ_MAIL_LEASE: durata non valida (almeno 1s)")
	}
	if extra != nil {
		extra(fs)
	}
	return o, fs, fs.Parse(args)
}

// parseProxies reads a comma-separated list of addresses and networks.
func parseProxies(v string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(v, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if p, err := netip.ParsePrefix(f); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, fmt.Errorf("%q non è un indirizzo IP né una rete (es. 10.0.0.0/8)", f)
		}
		out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
	}
	return out, nil
}

// open opens and migrates the database.
func open(ctx context.Context, o *options) (*database.DB, []string, error) {
	db, err := database.Open(o.db, o.dbLimits)
	if err != nil {
		return nil, nil, err
	}
	applied, err := db.Migrate(ctx)
	if err == nil {
		err = installFrameworks(ctx, db)
	}
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	return db, applied, nil
}

func serve(args []string, log *slog.Logger) error {
	o, _, err := flags("serve", args, nil)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	db, applied, err := open(ctx, o)
	if err != nil {
		return err
	}
	defer db.Close()
	if len(applied) > 0 {
		log.Info("migrazioni applicate", "migrazioni", strings.Join(applied, ", "))
	}
	st := store.New(db, nil)
	if o.demo {
		res, err := demo.LoadIfEmpty(ctx, st)
		if err != nil {
			return fmt.Errorf("dati dimostrativi: %w", err)
		}
		if res.Loaded {
			log.Info("dati dimostrativi caricati", "accesso", res.Email, "password", res.Password)
			log.Warn("la password dimostrativa è stampata qui una sola volta; non usare --demo in produzione")
		}
	}
	worker, err := newMailWorker(st, o, log)
	if err != nil {
		return err
	}
	srv, err := web.New(st, web.Config{BaseURL: o.baseURL, Version: Version, Logger: log, PageCacheTTL: o.cache, MailQueued: worker.Wake,
		PublicFormLimit: o.formLimit, TrustedProxies: o.proxies})
	if err != nil {
		return err
	}
	workerDone := make(chan struct{})
	go func() {
		defer close(workerDone)
		worker.Run(ctx)
	}()
	hs := &http.Server{
		Addr:              o.addr,
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute,
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
	go checkpoints(ctx, db, log)
	errc := make(chan error, 1)
	go func() { errc <- hs.ListenAndServe() }()
	log.Info("pdz in ascolto", "indirizzo", o.addr, "url", o.baseURL, "database", string(db.Dialect), "versione", Version)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("arresto in corso")
	shut, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	err = hs.Shutdown(shut)
	select { // let the outbox worker finish the message it is sending
	case <-workerDone:
	case <-shut.Done():
	}
	return err
}

// newMailWorker prepares the sending of the outbox: over SMTP when a server
// is configured, otherwise (development) as .eml files in a folder.
func newMailWorker(st *store.Store, o *options, log *slog.Logger) (*mailer.Worker, error) {
	host := "localhost"
	if u, err := url.Parse(o.baseURL); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	from := o.mail.from
	if from == "" {
		from = "pdz <noreply@" + host + ">"
	}
	if _, err := mail.ParseAddress(from); err != nil {
		return nil, fmt.Errorf("PDZ_SMTP_FROM: %q non è un indirizzo valido", from)
	}
	var t mailer.Transport
	if o.mail.smtp.Host != "" {
		if o.mail.portStr != "" {
			port, err := strconv.Atoi(o.mail.portStr)
			if err != nil || port <= 0 || port > 65535 {
				return nil, fmt.Errorf("PDZ_SMTP_PORT: %q non è una porta valida", o.mail.portStr)
			}
			o.mail.smtp.Port = port
		}
		smtp, err := mailer.NewSMTP(o.mail.smtp)
		if err != nil {
			return nil, err
		}
		t = smtp
	} else {
		t = mailer.Dir{Path: o.mail.dir}
		log.Warn("nessun server SMTP configurato (PDZ_SMTP_HOST): i messaggi e-mail sono scritti come file .eml nella cartella " + o.mail.dir)
	}
	w := mailer.NewWorker(st, t, from, host, log)
	w.Lease = o.mail.lease
	return w, nil
}

// checkpoints folds the SQLite WAL into the database every few minutes.
func checkpoints(ctx context.Context, db *database.DB, log *slog.Logger) {
	t := time.NewTicker(5 * time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := db.Checkpoint(ctx); err != nil {
				log.Warn("checkpoint", "err", err)
			}
		}
	}
}

func migrate(args []string, stdout io.Writer) error {
	o, _, err := flags("migrate", args, nil)
	if err != nil {
		return err
	}
	db, applied, err := open(context.Background(), o)
	if err != nil {
		return err
	}
	defer db.Close()
	v, err := db.Version(context.Background())
	if err != nil {
		return err
	}
	if len(applied) == 0 {
		fmt.Fprintf(stdout, "schema già aggiornato (versione %d)\n", v)
	}
	for _, a := range applied {
		fmt.Fprintln(stdout, "applicata", a)
	}
	return nil
}

func loadDemo(args []string, stdout io.Writer) error {
	o, _, err := flags("demo", args, nil)
	if err != nil {
		return err
	}
	ctx := context.Background()
	db, _, err := open(ctx, o)
	if err != nil {
		return err
	}
	defer db.Close()
	res, err := demo.Load(ctx, store.New(db, nil))
	if err != nil {
		return err
	}
	if !res.Loaded {
		fmt.Fprintln(stdout, "i dati dimostrativi sono già presenti")
		return nil
	}
	fmt.Fprintf(stdout, "dati dimostrativi caricati\naccesso: %s\npassword: %s\n", res.Email, res.Password)
	return nil
}

func userAdd(args []string, stdin io.Reader, stdout io.Writer) error {
	var email, name, ambito, role string
	var admin bool
	o, _, err := flags("user add", args, func(fs *flag.FlagSet) {
		fs.StringVar(&email, "email", "", "indirizzo e-mail")
		fs.StringVar(&name, "name", "", "nome e cognome")
		fs.BoolVar(&admin, "admin", false, "amministratore dell'installazione")
		fs.StringVar(&ambito, "ambito", "", "identificativo dell'Ambito in cui dare un ruolo")
		fs.StringVar(&role, "role", "", "ruolo nell'Ambito: responsabile o operatore")
	})
	if err != nil {
		return err
	}
	if email == "" || name == "" {
		return errors.New("indica --email e --name")
	}
	if (ambito == "") != (role == "") {
		return errors.New("--ambito e --role vanno indicati insieme")
	}
	pw, err := readPassword(stdin, stdout)
	if err != nil {
		return err
	}
	ctx := context.Background()
	db, _, err := open(ctx, o)
	if err != nil {
		return err
	}
	defer db.Close()
	st := store.New(db, nil)
	related := []string{email, name}
	var a pdz.Ambito
	if ambito != "" {
		if a, err = st.AmbitoBySlug(ctx, ambito); err != nil {
			return describe(err)
		}
		related = append(related, a.Name, a.Slug)
	}
	if msg := pdz.CheckPassword(pw, related...); msg != "" {
		return errors.New(msg)
	}
	hash, err := security.HashPassword(pw)
	if err != nil {
		return err
	}
	u := pdz.User{Email: email, Name: name, IsAdmin: admin, PasswordHash: hash}
	if err := st.CreateUser(ctx, pdz.SystemActor, &u); err != nil {
		return describe(err)
	}
	if ambito != "" {
		if err := st.SetMembership(ctx, pdz.SystemActor, u.ID, a.ID, pdz.Role(role)); err != nil {
			return describe(err)
		}
	}
	fmt.Fprintf(stdout, "utente creato: %s\n", u.Email)
	return nil
}

// describe makes a store error readable on a terminal.
func describe(err error) error {
	if f := pdz.ErrorFields(err); len(f) > 0 {
		var parts []string
		for k, v := range f {
			parts = append(parts, k+": "+v)
		}
		return errors.New(strings.Join(parts, "; "))
	}
	return errors.New(pdz.ErrorMessage(err))
}

// readPassword asks twice on a terminal, or reads one line from a pipe.
func readPassword(stdin io.Reader, stdout io.Writer) (string, error) {
	if f, ok := stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(stdout, "Password: ")
		a, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(stdout)
		if err != nil {
			return "", err
		}
		fmt.Fprint(stdout, "Ripeti la password: ")
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(stdout)
		if err != nil {
			return "", err
		}
		if string(a) != string(b) {
			return "", errors.New("le due password non coincidono")
		}
		return string(a), nil
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !(errors.Is(err, io.EOF) && line != "") {
		return "", errors.New("leggi la password da stdin (una riga)")
	}
	return strings.TrimRight(line, "\r\n"), nil
}

package web

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"testing"

	"github.com/pdz-ats/pdz/internal/pdz"
)

// pinnedAccess is the access every route of the application requires, in
// the order of the route table. It is the contract of the back office:
// weakening a route here and in the code is a decision to be seen in
// review; a route added, removed or weakened in the code alone fails
// TestEveryRouteHasItsPinnedAccess. Operators do the work (forms, tables,
// exports, imports); publishing, the Ambito's own data, its Comuni, the
// audit log, erasure of personal data, opening and closing an election,
// the lot and the proclamation are the Responsabile's; accounts, Ambiti and
// the installation's frameworks are the installation administrator's.
var pinnedAccess = map[string]access{
	"GET /healthz":                                                          public,
	"GET /static/{version}/{path...}":                                       public,
	"GET /{$}":                                                              public,
	"GET /accessibilita":                                                    public,
	"GET /ambiti/{ambito}":                                                  public,
	"GET /ambiti/{ambito}/percorsi/{percorso}":                              public,
	"GET /ambiti/{ambito}/percorsi/{percorso}/incontri":                     public,
	"GET /ambiti/{ambito}/percorsi/{percorso}/incontri/{id}":                public,
	"GET /ambiti/{ambito}/percorsi/{percorso}/calendario.ics":               public,
	"GET /ambiti/{ambito}/percorsi/{percorso}/incontri/{id}/calendario.ics": public,
	"GET /ambiti/{ambito}/percorsi/{percorso}/avviso.pdf":                   public,
	"GET /accedi":                                                                        public,
	"POST /accedi":                                                                       public,
	"POST /esci":                                                                         signedIn,
	"GET /admin":                                                                         signedIn,
	"GET /admin/password":                                                                signedIn,
	"POST /admin/password":                                                               signedIn,
	"GET /admin/ambiti/nuovo":                                                            installAdmin,
	"POST /admin/ambiti":                                                                 installAdmin,
	"GET /admin/utenti":                                                                  installAdmin,
	"GET /admin/utenti/nuovo":                                                            installAdmin,
	"POST /admin/utenti":                                                                 installAdmin,
	"GET /admin/utenti/{id}":                                                             installAdmin,
	"POST /admin/utenti/{id}":                                                            installAdmin,
	"POST /admin/utenti/{id}/ruoli":                                                      installAdmin,
	"GET /admin/registro":                                                                installAdmin,
	"GET /admin/a/{ambito}":                                                              operatore,
	"GET /admin/a/{ambito}/modifica":                                                     responsabile,
	"POST /admin/a/{ambito}/modifica":                                                    responsabile,
	"GET /admin/a/{ambito}/comuni/nuovo":                                                 responsabile,
	"POST /admin/a/{ambito}/comuni":                                                      responsabile,
	"GET /admin/a/{ambito}/comuni/{id}":                                                  responsabile,
	"POST /admin/a/{ambito}/comuni/{id}":                                                 responsabile,
	"POST /admin/a/{ambito}/comuni/{id}/elimina":                                         responsabile,
	"GET /admin/a/{ambito}/registro":                                                     responsabile,
	"GET /admin/a/{ambito}/percorsi/nuovo":                                               operatore,
	"POST /admin/a/{ambito}/percorsi":                                                    operatore,
	"GET /admin/a/{ambito}/percorsi/{pid}":                                               operatore,
	"GET /admin/a/{ambito}/percorsi/{pid}/modifica":                                      operatore,
	"POST /admin/a/{ambito}/percorsi/{pid}/modifica":                                     operatore,
	"GET /admin/a/{ambito}/percorsi/{pid}/anteprima":                                     operatore,
	"POST /admin/a/{ambito}/percorsi/{pid}/pubblica":                                     responsabile,
	"POST /admin/a/{ambito}/percorsi/{pid}/ritira":                                       responsabile,
	"POST /admin/a/{ambito}/percorsi/{pid}/elimina":                                      responsabile,
	"GET /admin/a/{ambito}/percorsi/{pid}/premesse/nuovo":                                operatore,
	"POST /admin/a/{ambito}/percorsi/{pid}/premesse":                                     operatore,
	"GET /admin/a/{ambito}/percorsi/{pid}/premesse/{id}":                                 operatore,
	"POST /admin/a/{ambito}/percorsi/{pid}/premesse/{id}":                                operatore,
	"POST /admin/a/{ambito}/percorsi/{pid}/premesse/{id}/elimina":                        operatore,
	"GET /admin/a/{ambito}/percorsi/{pid}/fasi/nuovo":                                    operatore,
	"POST /admin/a/{ambito}/percorsi/{pid}/fasi":                                         operatore,
	"GET /admin/a/{ambito}/percorsi/{pid}/fasi/{id}":                                     operatore,
	"POST /admin/a/{ambito}/percorsi/{pid}/fasi/{id}":                                    operatore,
	"POST /admin/a/{ambito}/percorsi/{pid}/fasi/{id}/elimina":                            operatore,
	"GET /admin/a/{ambito}/percorsi/{pid}/aree/nuovo":                                    operatore,
	"POST /admin/a/{ambito}/percorsi/{pid}/aree":                                         operatore,
	"GET /admin/a/{ambito}/percorsi/{pid}/aree/{id}":                                     operatore,
	"POST /admin/a/{ambito}/percorsi/{pid}/aree/{id}":                                    operatore,
	"POST /admin/a/{ambito}/percorsi/{pid}/aree/{id}/elimina":                            operatore,
	"GET /admin/a/{ambito}/percorsi/{pid}/incontri/nuovo":                                operatore,
	"POST /admin/a/{ambito}/percorsi/{pid}/incontri":                                     operatore,
	"GET /admin/a/{ambito}/percorsi/{pid}/incontri/{id}":                                 operatore,
	"POST /admin/a/{ambito}/percorsi/{pid}/incontri/{id}":                                operatore,
	"POST /admin/a/{ambito}/percorsi/{pid}/incontri/{id}/elimina":                        operatore,
	"GET /admin/a/{ambito}/percorsi/{pid}/firmatari/nuovo":                               operatore,
	"POST /admin/a/{ambito}/percorsi/{pid}/firmatari":                                    operatore,
	"GET /admin/a/{ambito}/percorsi/{pid}/firmatari/{id}":                                operatore,
	"POST /admin/a/{ambito}/percorsi/{pid}/firmatari/{id}":                               operatore,
	"POST /admin/a/{ambito}/percorsi/{pid}/firmatari/{id}/elimina":                       operatore,
	"GET /ambiti/{ambito}/piani/{piano}":                                                 public,
	"GET /ambiti/{ambito}/piani/{piano}/profilo":                                         public,
	"GET /ambiti/{ambito}/piani/{piano}/aree/{area}":                                     public,
	"GET /ambiti/{ambito}/piani/{piano}/schede":                                          public,
	"GET /ambiti/{ambito}/piani/{piano}/schede/{scheda}":                                 public,
	"GET /ambiti/{ambito}/piani/{piano}/profilo.csv":                                     public,
	"GET /ambiti/{ambito}/piani/{piano}/profilo.json":                                    public,
	"GET /ambiti/{ambito}/piani/{piano}/schede.csv":                                      public,
	"GET /ambiti/{ambito}/piani/{piano}/schede.json":                                     public,
	"GET /ambiti/{ambito}/piani/{piano}/piano.json":                                      public,
	"GET /admin/a/{ambito}/piani":                                                        operatore,
	"GET /admin/a/{ambito}/piani/nuovo":                                                  operatore,
	"POST /admin/a/{ambito}/piani":                                                       operatore,
	"GET /admin/a/{ambito}/piani/importa":                                                operatore,
	"POST /admin/a/{ambito}/piani/importa":                                               operatore,
	"GET /admin/a/{ambito}/piani/{plid}":                                                 operatore,
	"GET /admin/a/{ambito}/piani/{plid}/modifica":                                        operatore,
	"POST /admin/a/{ambito}/piani/{plid}/modifica":                                       operatore,
	"GET /admin/a/{ambito}/piani/{plid}/piano.json":                                      operatore,
	"POST /admin/a/{ambito}/piani/{plid}/adotta":                                         responsabile,
	"POST /admin/a/{ambito}/piani/{plid}/bozza":                                          responsabile,
	"POST /admin/a/{ambito}/piani/{plid}/pubblica":                                       responsabile,
	"POST /admin/a/{ambito}/piani/{plid}/ritira":                                         responsabile,
	"POST /admin/a/{ambito}/piani/{plid}/elimina":                                        responsabile,
	"GET /admin/a/{ambito}/piani/{plid}/profilo":                                         operatore,
	"GET /admin/a/{ambito}/piani/{plid}/profilo/testi":                                   operatore,
	"POST /admin/a/{ambito}/piani/{plid}/profilo/testi":                                  operatore,
	"GET /admin/a/{ambito}/piani/{plid}/profilo/importa":                                 operatore,
	"POST /admin/a/{ambito}/piani/{plid}/profilo/importa":                                operatore,
	"GET /admin/a/{ambito}/piani/{plid}/aree/{area}":                                     operatore,
	"POST /admin/a/{ambito}/piani/{plid}/aree/{area}":                                    operatore,
	"GET /admin/a/{ambito}/piani/{plid}/schede/nuova":                                    operatore,
	"POST /admin/a/{ambito}/piani/{plid}/schede":                                         operatore,
	"GET /admin/a/{ambito}/piani/{plid}/schede/{schid}":                                  operatore,
	"POST /admin/a/{ambito}/piani/{plid}/schede/{schid}":                                 operatore,
	"POST /admin/a/{ambito}/piani/{plid}/schede/{schid}/elimina":                         operatore,
	"GET /admin/a/{ambito}/piani/{plid}/schede/{schid}/servizi/nuovo":                    operatore,
	"POST /admin/a/{ambito}/piani/{plid}/schede/{schid}/servizi":                         operatore,
	"GET /admin/a/{ambito}/piani/{plid}/schede/{schid}/servizi/{id}":                     operatore,
	"POST /admin/a/{ambito}/piani/{plid}/schede/{schid}/servizi/{id}":                    operatore,
	"POST /admin/a/{ambito}/piani/{plid}/schede/{schid}/servizi/{id}/elimina":            operatore,
	"GET /admin/a/{ambito}/quadri":                                                       operatore,
	"GET /admin/a/{ambito}/quadri/{qid}":                                                 operatore,
	"GET /admin/a/{ambito}/quadri/{qid}/quadro.json":                                     operatore,
	"POST /admin/a/{ambito}/quadri/{qid}/copia":                                          responsabile,
	"GET /admin/a/{ambito}/quadri/{qid}/modifica":                                        responsabile,
	"POST /admin/a/{ambito}/quadri/{qid}/modifica":                                       responsabile,
	"POST /admin/a/{ambito}/quadri/{qid}/elimina":                                        responsabile,
	"GET /admin/quadri":                                                                  installAdmin,
	"GET /admin/quadri/nuovo":                                                            installAdmin,
	"POST /admin/quadri":                                                                 installAdmin,
	"GET /admin/quadri/{qid}":                                                            installAdmin,
	"POST /admin/quadri/{qid}":                                                           installAdmin,
	"GET /admin/quadri/{qid}/quadro.json":                                                installAdmin,
	"GET /admin/a/{ambito}/piani/{plid}/fonti/nuova":                                     operatore,
	"POST /admin/a/{ambito}/piani/{plid}/fonti":                                          operatore,
	"GET /admin/a/{ambito}/piani/{plid}/fonti/{id}":                                      operatore,
	"POST /admin/a/{ambito}/piani/{plid}/fonti/{id}":                                     operatore,
	"POST /admin/a/{ambito}/piani/{plid}/fonti/{id}/elimina":                             operatore,
	"GET /admin/a/{ambito}/piani/{plid}/servizi-esistenti/nuovo":                         operatore,
	"POST /admin/a/{ambito}/piani/{plid}/servizi-esistenti":                              operatore,
	"GET /admin/a/{ambito}/piani/{plid}/servizi-esistenti/{id}":                          operatore,
	"POST /admin/a/{ambito}/piani/{plid}/servizi-esistenti/{id}":                         operatore,
	"POST /admin/a/{ambito}/piani/{plid}/servizi-esistenti/{id}/elimina":                 operatore,
	"GET /admin/a/{ambito}/piani/{plid}/profilo/dati/nuovo":                              operatore,
	"POST /admin/a/{ambito}/piani/{plid}/profilo/dati":                                   operatore,
	"GET /admin/a/{ambito}/piani/{plid}/profilo/dati/{id}":                               operatore,
	"POST /admin/a/{ambito}/piani/{plid}/profilo/dati/{id}":                              operatore,
	"POST /admin/a/{ambito}/piani/{plid}/profilo/dati/{id}/elimina":                      operatore,
	"GET /admin/a/{ambito}/piani/{plid}/profilo/dichiarati/nuovo":                        operatore,
	"POST /admin/a/{ambito}/piani/{plid}/profilo/dichiarati":                             operatore,
	"GET /admin/a/{ambito}/piani/{plid}/profilo/dichiarati/{id}":                         operatore,
	"POST /admin/a/{ambito}/piani/{plid}/profilo/dichiarati/{id}":                        operatore,
	"POST /admin/a/{ambito}/piani/{plid}/profilo/dichiarati/{id}/elimina":                operatore,
	"GET /ambiti/{ambito}/piani/{piano}/risorse":                                         public,
	"GET /ambiti/{ambito}/piani/{piano}/risorse/schede-finanziarie/{fin}":                public,
	"GET /ambiti/{ambito}/piani/{piano}/risorse.xlsx":                                    public,
	"GET /ambiti/{ambito}/piani/{piano}/risorse.ods":                                     public,
	"GET /api/v1/ambiti/{ambito}/piani/{piano}/risorse":                                  public,
	"GET /api/v1/ambiti/{ambito}/piani/{piano}/regole":                                   public,
	"GET /admin/a/{ambito}/piani/{plid}/risorse":                                         operatore,
	"GET /admin/a/{ambito}/piani/{plid}/risorse.xlsx":                                    operatore,
	"GET /admin/a/{ambito}/piani/{plid}/risorse.ods":                                     operatore,
	"GET /admin/a/{ambito}/piani/{plid}/risorse/schede-finanziarie/{fin}":                operatore,
	"GET /admin/a/{ambito}/piani/{plid}/risorse/fonti/{id}":                              operatore,
	"POST /admin/a/{ambito}/piani/{plid}/risorse/fonti/{id}":                             operatore,
	"GET /admin/a/{ambito}/piani/{plid}/risorse/cofinanziamento":                         operatore,
	"POST /admin/a/{ambito}/piani/{plid}/risorse/cofinanziamento":                        operatore,
	"GET /admin/a/{ambito}/piani/{plid}/risorse/comuni/{id}":                             operatore,
	"POST /admin/a/{ambito}/piani/{plid}/risorse/comuni/{id}":                            operatore,
	"GET /admin/a/{ambito}/piani/{plid}/risorse/avanzamento/importa":                     operatore,
	"POST /admin/a/{ambito}/piani/{plid}/risorse/avanzamento/importa":                    operatore,
	"GET /admin/a/{ambito}/piani/{plid}/risorse/avanzamento.csv":                         operatore,
	"GET /admin/a/{ambito}/piani/{plid}/risorse/assistenti-sociali/nuovo":                operatore,
	"POST /admin/a/{ambito}/piani/{plid}/risorse/assistenti-sociali":                     operatore,
	"GET /admin/a/{ambito}/piani/{plid}/risorse/assistenti-sociali/{id}":                 operatore,
	"POST /admin/a/{ambito}/piani/{plid}/risorse/assistenti-sociali/{id}":                operatore,
	"POST /admin/a/{ambito}/piani/{plid}/risorse/assistenti-sociali/{id}/elimina":        operatore,
	"GET /admin/a/{ambito}/piani/{plid}/risorse/avanzamento/nuovo":                       operatore,
	"POST /admin/a/{ambito}/piani/{plid}/risorse/avanzamento":                            operatore,
	"GET /admin/a/{ambito}/piani/{plid}/risorse/avanzamento/{id}":                        operatore,
	"POST /admin/a/{ambito}/piani/{plid}/risorse/avanzamento/{id}":                       operatore,
	"POST /admin/a/{ambito}/piani/{plid}/risorse/avanzamento/{id}/elimina":               operatore,
	"GET /admin/a/{ambito}/piani/{plid}/risorse/dati-stampati/nuovo":                     operatore,
	"POST /admin/a/{ambito}/piani/{plid}/risorse/dati-stampati":                          operatore,
	"GET /admin/a/{ambito}/piani/{plid}/risorse/dati-stampati/{id}":                      operatore,
	"POST /admin/a/{ambito}/piani/{plid}/risorse/dati-stampati/{id}":                     operatore,
	"POST /admin/a/{ambito}/piani/{plid}/risorse/dati-stampati/{id}/elimina":             operatore,
	"GET /admin/a/{ambito}/organi":                                                       operatore,
	"GET /admin/a/{ambito}/organi/nuovo":                                                 operatore,
	"POST /admin/a/{ambito}/organi":                                                      operatore,
	"GET /admin/a/{ambito}/organi/{oid}":                                                 operatore,
	"GET /admin/a/{ambito}/organi/{oid}/modifica":                                        operatore,
	"POST /admin/a/{ambito}/organi/{oid}/modifica":                                       operatore,
	"POST /admin/a/{ambito}/organi/{oid}/elimina":                                        responsabile,
	"GET /admin/a/{ambito}/organi/{oid}/componenti/nuovo":                                operatore,
	"POST /admin/a/{ambito}/organi/{oid}/componenti":                                     operatore,
	"GET /admin/a/{ambito}/organi/{oid}/componenti/{id}":                                 operatore,
	"POST /admin/a/{ambito}/organi/{oid}/componenti/{id}":                                operatore,
	"POST /admin/a/{ambito}/organi/{oid}/componenti/{id}/elimina":                        operatore,
	"GET /admin/a/{ambito}/organi/{oid}/sedute/nuova":                                    operatore,
	"POST /admin/a/{ambito}/organi/{oid}/sedute":                                         operatore,
	"GET /admin/a/{ambito}/organi/{oid}/sedute/{sid}":                                    operatore,
	"GET /admin/a/{ambito}/organi/{oid}/sedute/{sid}/modifica":                           operatore,
	"POST /admin/a/{ambito}/organi/{oid}/sedute/{sid}/modifica":                          operatore,
	"POST /admin/a/{ambito}/organi/{oid}/sedute/{sid}/presenze":                          operatore,
	"POST /admin/a/{ambito}/organi/{oid}/sedute/{sid}/pubblica":                          responsabile,
	"POST /admin/a/{ambito}/organi/{oid}/sedute/{sid}/ritira":                            responsabile,
	"POST /admin/a/{ambito}/organi/{oid}/sedute/{sid}/elimina":                           responsabile,
	"GET /admin/a/{ambito}/organi/{oid}/sedute/{sid}/atti/nuovo":                         operatore,
	"POST /admin/a/{ambito}/organi/{oid}/sedute/{sid}/atti":                              operatore,
	"GET /admin/a/{ambito}/organi/{oid}/sedute/{sid}/atti/{id}":                          operatore,
	"POST /admin/a/{ambito}/organi/{oid}/sedute/{sid}/atti/{id}":                         operatore,
	"POST /admin/a/{ambito}/organi/{oid}/sedute/{sid}/atti/{id}/elimina":                 operatore,
	"GET /admin/a/{ambito}/organi/{oid}/sedute/{sid}/atti/{id}/allegato.pdf":             operatore,
	"GET /ambiti/{ambito}/organi":                                                        public,
	"GET /ambiti/{ambito}/organi/{organo}":                                               public,
	"GET /ambiti/{ambito}/organi/{organo}/sedute/{id}":                                   public,
	"GET /ambiti/{ambito}/organi/{organo}/sedute/{id}/atti/{aid}/allegato.pdf":           public,
	"GET /ambiti/{ambito}/percorsi/{percorso}/cronologia":                                public,
	"GET /ambiti/{ambito}/percorsi/{percorso}/cronologia.txt":                            public,
	"GET /ambiti/{ambito}/percorsi/{percorso}/cronologia.pdf":                            public,
	"GET /api/v1/ambiti/{ambito}/organi":                                                 public,
	"GET /api/v1/ambiti/{ambito}/organi/{organo}":                                        public,
	"GET /api/v1/ambiti/{ambito}/organi/{organo}/sedute/{id}":                            public,
	"GET /api/v1/ambiti/{ambito}/percorsi/{percorso}/cronologia":                         public,
	"GET /api/v1/openapi.json":                                                           public,
	"GET /api/v1/ambiti":                                                                 public,
	"GET /api/v1/ambiti/{ambito}":                                                        public,
	"GET /api/v1/ambiti/{ambito}/percorsi":                                               public,
	"GET /api/v1/ambiti/{ambito}/percorsi/{percorso}":                                    public,
	"GET /api/v1/ambiti/{ambito}/percorsi/{percorso}/incontri":                           public,
	"GET /api/v1/ambiti/{ambito}/percorsi/{percorso}/incontri/{id}":                      public,
	"GET /api/v1/ambiti/{ambito}/piani":                                                  public,
	"GET /api/v1/ambiti/{ambito}/piani/{piano}":                                          public,
	"GET /api/v1/ambiti/{ambito}/piani/{piano}/profilo":                                  public,
	"GET /api/v1/ambiti/{ambito}/piani/{piano}/schede":                                   public,
	"GET /api/v1/ambiti/{ambito}/piani/{piano}/schede/{scheda}":                          public,
	"GET /ambiti/{ambito}/percorsi/{percorso}/adesione":                                  public,
	"POST /ambiti/{ambito}/percorsi/{percorso}/adesione":                                 public,
	"GET /ambiti/{ambito}/percorsi/{percorso}/adesione/nuovo-link":                       public,
	"POST /ambiti/{ambito}/percorsi/{percorso}/adesione/nuovo-link":                      public,
	"GET /ambiti/{ambito}/percorsi/{percorso}/adesione/{chiave}":                         public,
	"GET /ambiti/{ambito}/percorsi/{percorso}/adesione/{chiave}/ricevuta.pdf":            public,
	"GET /ambiti/{ambito}/percorsi/{percorso}/adesione/{chiave}/modulo.pdf":              public,
	"GET /ambiti/{ambito}/percorsi/{percorso}/adesione/{chiave}/modifica":                public,
	"POST /ambiti/{ambito}/percorsi/{percorso}/adesione/{chiave}/modifica":               public,
	"POST /ambiti/{ambito}/percorsi/{percorso}/adesione/{chiave}/ritira":                 public,
	"GET /ambiti/{ambito}/percorsi/{percorso}/aderenti":                                  public,
	"GET /admin/a/{ambito}/percorsi/{pid}/iscrizioni":                                    operatore,
	"GET /admin/a/{ambito}/percorsi/{pid}/iscrizioni/nuova":                              operatore,
	"POST /admin/a/{ambito}/percorsi/{pid}/iscrizioni":                                   operatore,
	"GET /admin/a/{ambito}/percorsi/{pid}/iscrizioni/{id}":                               operatore,
	"GET /admin/a/{ambito}/percorsi/{pid}/iscrizioni/{id}/modifica":                      operatore,
	"POST /admin/a/{ambito}/percorsi/{pid}/iscrizioni/{id}/modifica":                     operatore,
	"POST /admin/a/{ambito}/percorsi/{pid}/iscrizioni/{id}/esito":                        operatore,
	"POST /admin/a/{ambito}/percorsi/{pid}/iscrizioni/{id}/messaggi":                     operatore,
	"GET /admin/a/{ambito}/percorsi/{pid}/iscrizioni/{id}/ricevuta.pdf":                  operatore,
	"GET /admin/a/{ambito}/percorsi/{pid}/iscrizioni/{id}/modulo.pdf":                    operatore,
	"GET /admin/a/{ambito}/percorsi/{pid}/iscrizioni/{id}/dati.json":                     operatore,
	"POST /admin/a/{ambito}/percorsi/{pid}/iscrizioni/{id}/cancella-dati":                responsabile,
	"GET /admin/a/{ambito}/percorsi/{pid}/aree/{id}/partecipanti":                        operatore,
	"GET /admin/a/{ambito}/percorsi/{pid}/aree/{id}/foglio-presenze.pdf":                 operatore,
	"GET /admin/a/{ambito}/dati-personali":                                               operatore,
	"POST /admin/a/{ambito}/dati-personali":                                              operatore,
	"POST /admin/a/{ambito}/dati-personali.json":                                         operatore,
	"POST /admin/a/{ambito}/dati-personali/cancella":                                     responsabile,
	"GET /admin/a/{ambito}/informativa-privacy":                                          responsabile,
	"POST /admin/a/{ambito}/informativa-privacy":                                         responsabile,
	"GET /admin/a/{ambito}/percorsi/{pid}/esportazioni/iscrizioni.csv":                   operatore,
	"GET /admin/a/{ambito}/percorsi/{pid}/esportazioni/iscrizioni.xlsx":                  operatore,
	"GET /admin/a/{ambito}/percorsi/{pid}/esportazioni/iscrizioni.ods":                   operatore,
	"GET /admin/a/{ambito}/percorsi/{pid}/esportazioni/proposte.csv":                     operatore,
	"GET /admin/a/{ambito}/percorsi/{pid}/esportazioni/proposte.xlsx":                    operatore,
	"GET /admin/a/{ambito}/percorsi/{pid}/esportazioni/proposte.ods":                     operatore,
	"GET /admin/a/{ambito}/percorsi/{pid}/tavoli":                                        operatore,
	"GET /admin/a/{ambito}/percorsi/{pid}/presenze":                                      operatore,
	"GET /admin/a/{ambito}/percorsi/{pid}/incontri/{mid}/presenze":                       operatore,
	"POST /admin/a/{ambito}/percorsi/{pid}/incontri/{mid}/presenze":                      operatore,
	"GET /admin/a/{ambito}/percorsi/{pid}/incontri/{mid}/presenze/{tid}":                 operatore,
	"POST /admin/a/{ambito}/percorsi/{pid}/incontri/{mid}/presenze/{tid}":                operatore,
	"POST /admin/a/{ambito}/percorsi/{pid}/incontri/{mid}/presenze/{tid}/uscita":         operatore,
	"POST /admin/a/{ambito}/percorsi/{pid}/incontri/{mid}/presenze/{tid}/elimina":        operatore,
	"POST /admin/a/{ambito}/percorsi/{pid}/incontri/{mid}/fogli-firmati":                 operatore,
	"GET /admin/a/{ambito}/percorsi/{pid}/incontri/{mid}/fogli-firmati/{fid}/foglio.pdf": operatore,
	"GET /admin/a/{ambito}/percorsi/{pid}/incontri/{mid}/verbale":                        operatore,
	"POST /admin/a/{ambito}/percorsi/{pid}/incontri/{mid}/verbale":                       operatore,
	"POST /admin/a/{ambito}/percorsi/{pid}/incontri/{mid}/verbale/approva":               responsabile,
	"POST /admin/a/{ambito}/percorsi/{pid}/incontri/{mid}/verbale/bozza":                 responsabile,
	"POST /admin/a/{ambito}/percorsi/{pid}/incontri/{mid}/verbale/pubblica":              responsabile,
	"POST /admin/a/{ambito}/percorsi/{pid}/incontri/{mid}/verbale/ritira":                responsabile,
	"GET /admin/a/{ambito}/percorsi/{pid}/incontri/{mid}/verbale/verbale.pdf":            operatore,
	"GET /admin/a/{ambito}/percorsi/{pid}/incontri/{mid}/verbale/bisogni/nuovo":          operatore,
	"POST /admin/a/{ambito}/percorsi/{pid}/incontri/{mid}/verbale/bisogni":               operatore,
	"GET /admin/a/{ambito}/percorsi/{pid}/incontri/{mid}/verbale/bisogni/{nid}":          operatore,
	"POST /admin/a/{ambito}/percorsi/{pid}/incontri/{mid}/verbale/bisogni/{nid}":         operatore,
	"POST /admin/a/{ambito}/percorsi/{pid}/incontri/{mid}/verbale/bisogni/{nid}/elimina": operatore,
	"GET /admin/a/{ambito}/percorsi/{pid}/proposte":                                      operatore,
	"GET /admin/a/{ambito}/percorsi/{pid}/proposte/nuova":                                operatore,
	"POST /admin/a/{ambito}/percorsi/{pid}/proposte":                                     operatore,
	"POST /admin/a/{ambito}/percorsi/{pid}/proposte/pubblica-risposte":                   responsabile,
	"POST /admin/a/{ambito}/percorsi/{pid}/proposte/termine":                             operatore,
	"GET /admin/a/{ambito}/percorsi/{pid}/proposte/accorpa":                              operatore,
	"POST /admin/a/{ambito}/percorsi/{pid}/proposte/accorpa":                             operatore,
	"GET /admin/a/{ambito}/percorsi/{pid}/proposte/{prid}":                               operatore,
	"GET /admin/a/{ambito}/percorsi/{pid}/proposte/{prid}/modifica":                      operatore,
	"POST /admin/a/{ambito}/percorsi/{pid}/proposte/{prid}/modifica":                     operatore,
	"POST /admin/a/{ambito}/percorsi/{pid}/proposte/{prid}/valutazione":                  operatore,
	"POST /admin/a/{ambito}/percorsi/{pid}/proposte/{prid}/valutatori":                   operatore,
	"POST /admin/a/{ambito}/percorsi/{pid}/proposte/{prid}/ritira":                       operatore,
	"POST /admin/a/{ambito}/percorsi/{pid}/proposte/{prid}/elimina":                      operatore,
	"POST /admin/a/{ambito}/percorsi/{pid}/proposte/{prid}/ripristina":                   operatore,
	"GET /admin/a/{ambito}/percorsi/{pid}/proposte/{prid}/scomponi":                      operatore,
	"POST /admin/a/{ambito}/percorsi/{pid}/proposte/{prid}/scomponi":                     operatore,
	"GET /admin/a/{ambito}/percorsi/{pid}/priorita":                                      operatore,
	"GET /admin/a/{ambito}/percorsi/{pid}/priorita/nuova":                                operatore,
	"POST /admin/a/{ambito}/percorsi/{pid}/priorita":                                     operatore,
	"GET /admin/a/{ambito}/percorsi/{pid}/priorita/{rid}":                                operatore,
	"GET /admin/a/{ambito}/percorsi/{pid}/priorita/{rid}/modifica":                       operatore,
	"POST /admin/a/{ambito}/percorsi/{pid}/priorita/{rid}/modifica":                      operatore,
	"POST /admin/a/{ambito}/percorsi/{pid}/priorita/{rid}/voci":                          operatore,
	"POST /admin/a/{ambito}/percorsi/{pid}/priorita/{rid}/apri":                          operatore,
	"POST /admin/a/{ambito}/percorsi/{pid}/priorita/{rid}/chiudi":                        operatore,
	"POST /admin/a/{ambito}/percorsi/{pid}/priorita/{rid}/schede":                        operatore,
	"POST /admin/a/{ambito}/percorsi/{pid}/priorita/{rid}/pubblica":                      responsabile,
	"POST /admin/a/{ambito}/percorsi/{pid}/priorita/{rid}/ritira":                        responsabile,
	"GET /admin/a/{ambito}/percorsi/{pid}/priorita/{rid}/codici":                         operatore,
	"GET /admin/a/{ambito}/percorsi/{pid}/priorita/{rid}/codici.pdf":                     operatore,
	"GET /admin/a/{ambito}/percorsi/{pid}/elezioni":                                      operatore,
	"GET /admin/a/{ambito}/percorsi/{pid}/elezioni/nuova":                                operatore,
	"POST /admin/a/{ambito}/percorsi/{pid}/elezioni":                                     operatore,
	"GET /admin/a/{ambito}/percorsi/{pid}/elezioni/{eid}":                                operatore,
	"GET /admin/a/{ambito}/percorsi/{pid}/elezioni/{eid}/modifica":                       operatore,
	"POST /admin/a/{ambito}/percorsi/{pid}/elezioni/{eid}/modifica":                      operatore,
	"POST /admin/a/{ambito}/percorsi/{pid}/elezioni/{eid}/candidati":                     operatore,
	"POST /admin/a/{ambito}/percorsi/{pid}/elezioni/{eid}/candidati/{cid}/elimina":       operatore,
	"POST /admin/a/{ambito}/percorsi/{pid}/elezioni/{eid}/apri":                          responsabile,
	"POST /admin/a/{ambito}/percorsi/{pid}/elezioni/{eid}/chiudi":                        responsabile,
	"POST /admin/a/{ambito}/percorsi/{pid}/elezioni/{eid}/votanti":                       operatore,
	"POST /admin/a/{ambito}/percorsi/{pid}/elezioni/{eid}/schede":                        operatore,
	"POST /admin/a/{ambito}/percorsi/{pid}/elezioni/{eid}/sorteggio":                     responsabile,
	"POST /admin/a/{ambito}/percorsi/{pid}/elezioni/{eid}/proclama":                      responsabile,
	"POST /admin/a/{ambito}/percorsi/{pid}/elezioni/{eid}/pubblica":                      responsabile,
	"POST /admin/a/{ambito}/percorsi/{pid}/elezioni/{eid}/ritira":                        responsabile,
	"POST /admin/a/{ambito}/percorsi/{pid}/elezioni/{eid}/verbale-firmato":               operatore,
	"GET /admin/a/{ambito}/percorsi/{pid}/elezioni/{eid}/codici":                         operatore,
	"GET /admin/a/{ambito}/percorsi/{pid}/elezioni/{eid}/codici.pdf":                     operatore,
	"GET /admin/a/{ambito}/percorsi/{pid}/elezioni/{eid}/verbale.pdf":                    operatore,
	"GET /admin/a/{ambito}/percorsi/{pid}/elezioni/{eid}/verbale-firmato.pdf":            operatore,
	"GET /admin/a/{ambito}/percorsi/{pid}/patto":                                         operatore,
	"POST /admin/a/{ambito}/percorsi/{pid}/patto":                                        operatore,
	"POST /admin/a/{ambito}/percorsi/{pid}/patto/pubblica":                               responsabile,
	"POST /admin/a/{ambito}/percorsi/{pid}/patto/ritira":                                 responsabile,
	"GET /admin/a/{ambito}/percorsi/{pid}/patto/firme/nuova":                             operatore,
	"POST /admin/a/{ambito}/percorsi/{pid}/patto/firme":                                  operatore,
	"GET /admin/a/{ambito}/percorsi/{pid}/patto/firme/{gid}":                             operatore,
	"POST /admin/a/{ambito}/percorsi/{pid}/patto/firme/{gid}":                            operatore,
	"POST /admin/a/{ambito}/percorsi/{pid}/patto/firme/{gid}/elimina":                    operatore,
	"GET /admin/a/{ambito}/percorsi/{pid}/patto/firme/{gid}/patto.pdf":                   operatore,
	"GET /admin/a/{ambito}/percorsi/{pid}/patto/firme/{gid}/firmato.pdf":                 operatore,
	"POST /admin/a/{ambito}/piani/{plid}/percorso":                                       operatore,
	"GET /ambiti/{ambito}/percorsi/{percorso}/tavoli":                                    public,
	"GET /ambiti/{ambito}/percorsi/{percorso}/proposte":                                  public,
	"GET /ambiti/{ambito}/percorsi/{percorso}/proposte/{id}":                             public,
	"GET /ambiti/{ambito}/percorsi/{percorso}/prospetto":                                 public,
	"GET /ambiti/{ambito}/percorsi/{percorso}/prospetto.pdf":                             public,
	"GET /ambiti/{ambito}/percorsi/{percorso}/prospetto.xlsx":                            public,
	"GET /ambiti/{ambito}/percorsi/{percorso}/prospetto.ods":                             public,
	"GET /ambiti/{ambito}/percorsi/{percorso}/incontri/{id}/verbale":                     public,
	"GET /ambiti/{ambito}/percorsi/{percorso}/incontri/{id}/verbale.pdf":                 public,
	"GET /ambiti/{ambito}/percorsi/{percorso}/priorita/{id}":                             public,
	"GET /ambiti/{ambito}/percorsi/{percorso}/elezioni/{id}":                             public,
	"GET /ambiti/{ambito}/percorsi/{percorso}/elezioni/{id}/verbale.pdf":                 public,
	"GET /ambiti/{ambito}/percorsi/{percorso}/elezioni/{id}/verbale-firmato.pdf":         public,
	"GET /ambiti/{ambito}/percorsi/{percorso}/patto":                                     public,
	"GET /ambiti/{ambito}/percorsi/{percorso}/patto/firme/{id}/patto.pdf":                public,
	"GET /ambiti/{ambito}/percorsi/{percorso}/adesione/{chiave}/proposta":                public,
	"POST /ambiti/{ambito}/percorsi/{percorso}/adesione/{chiave}/proposta":               public,
	"POST /ambiti/{ambito}/percorsi/{percorso}/adesione/{chiave}/proposte/{id}/ritira":   public,
	"GET /ambiti/{ambito}/voto":                                                          public,
	"POST /ambiti/{ambito}/voto":                                                         public,
	"GET /ambiti/{ambito}/voto/{codice}":                                                 public,
	"POST /ambiti/{ambito}/voto/{codice}":                                                public,
	"GET /api/v1/ambiti/{ambito}/percorsi/{percorso}/proposte":                           public,
	"GET /api/v1/ambiti/{ambito}/percorsi/{percorso}/proposte/{id}":                      public,
	"GET /api/v1/ambiti/{ambito}/percorsi/{percorso}/priorita":                           public,
	"GET /api/v1/ambiti/{ambito}/percorsi/{percorso}/elezioni":                           public,
	"/": public,
}

func TestEveryRouteHasItsPinnedAccess(t *testing.T) {
	hs := newHarness(t, false)
	names := []string{"public", "signedIn", "installAdmin", "operatore", "responsabile"}
	seen := map[string]bool{}
	for _, rt := range hs.srv.routes() {
		if seen[rt.pattern] {
			t.Errorf("route %q declared twice", rt.pattern)
		}
		seen[rt.pattern] = true
		want, ok := pinnedAccess[rt.pattern]
		switch {
		case !ok:
			t.Errorf("route %q (%s) has no pinned access: add it to pinnedAccess", rt.pattern, names[rt.access])
		case rt.access != want:
			t.Errorf("route %q requires %s, pinned %s", rt.pattern, names[rt.access], names[want])
		}
	}
	for p := range pinnedAccess {
		if !seen[p] {
			t.Errorf("pinned route %q is not served", p)
		}
	}
}

// Publishing an election's results and a pact is the Responsabile's: an
// operator's request is refused and changes nothing, the Responsabile's
// goes through (withdrawing, then publishing again).
func TestOnlyTheResponsabilePublishesElectionsAndPacts(t *testing.T) {
	hs := newHarness(t, true)
	ctx := context.Background()
	resp := hs.user("resp@example.org", false, map[string]pdz.Role{"casarano": pdz.RoleResponsabile})
	op := hs.user("op@example.org", false, map[string]pdz.Role{"casarano": pdz.RoleOperatore})
	p := hs.process("casarano", "pdz-2022-2024")
	es, err := hs.st.Elections(ctx, p.AmbitoID, p.ID, false)
	if err != nil || len(es) == 0 {
		t.Fatalf("demo election: %v", err)
	}
	base := "/admin/a/casarano/percorsi/" + strconv.FormatInt(p.ID, 10)
	election := base + "/elezioni/" + strconv.FormatInt(es[0].ID, 10)
	published := map[string]func() bool{
		election: func() bool {
			e, err := hs.st.Election(ctx, p.AmbitoID, p.ID, es[0].ID)
			if err != nil {
				t.Fatal(err)
			}
			return e.Published
		},
		base + "/patto": func() bool {
			x, err := hs.st.PactOf(ctx, p.AmbitoID, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			return x.Published
		},
	}
	for _, u := range slices.Sorted(func(yield func(string) bool) {
		for u := range published {
			if !yield(u) {
				return
			}
		}
	}) {
		isPublished := published[u]
		if !isPublished() {
			t.Fatalf("%s: the demo has it published", u)
		}
		for _, step := range []struct {
			action string
			after  bool
		}{{"ritira", false}, {"pubblica", true}} {
			before := isPublished()
			if r := hs.post(u+"/"+step.action, nil, op); r.code != http.StatusForbidden || isPublished() != before {
				t.Errorf("POST %s/%s as operatore: %d, published %v; want 403 and nothing changed", u, step.action, r.code, isPublished())
			}
			if r := hs.post(u+"/"+step.action, nil, resp); r.code != http.StatusSeeOther || isPublished() != step.after {
				t.Errorf("POST %s/%s as responsabile: %d, published %v; want 303 and %v", u, step.action, r.code, isPublished(), step.after)
			}
		}
	}
}

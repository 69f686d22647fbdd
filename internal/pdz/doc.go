// Package pdz holds the domain of the product: the types of the participatory
// planning of a Piano Sociale di Zona (Ambito, Comune, Percorso, Fase, Area,
// Incontro, …), their validation rules and the error type shared by every
// layer.
//
// It must not import any other package of the project, talk to a database or
// know about HTTP: storage and transport depend on it, never the reverse.
package pdz

package demo

import (
	"context"
	"fmt"

	"github.com/offenes-rathaus/rathaus/internal/app"
	"github.com/offenes-rathaus/rathaus/internal/audit"
	"github.com/offenes-rathaus/rathaus/internal/catalog"
)

// The demo town's Leistungskatalog: topics, life situations and services.
// The LeiKa keys look like real ones (14 digits, federal prefix 99) but are
// made up: a town takes its keys from the FIM portal.

type demoTaxon struct {
	slug, de, en string
}

var demoTopics = []demoTaxon{
	{"meldewesen", "Meldewesen und Ausweise", "Registration and identity documents"},
	{"steuern", "Steuern und Abgaben", "Taxes and charges"},
	{"verkehr", "Verkehr und Parken", "Traffic and parking"},
	{"wirtschaft", "Wirtschaft und Gewerbe", "Business and trade"},
	{"familie", "Familie und Kinder", "Family and children"},
	{"bauen", "Bauen und Wohnen", "Building and housing"},
	{"tiere", "Tiere", "Animals"},
	{"ordnung", "Sicherheit und Ordnung", "Public order"},
}

var demoLife = []demoTaxon{
	{"umzug", "Umzug", "Moving house"},
	{"geburt", "Geburt eines Kindes", "Having a baby"},
	{"gruendung", "Ein Unternehmen gründen", "Starting a business"},
	{"hund", "Ein Hund zieht ein", "Getting a dog"},
	{"heirat", "Heiraten", "Getting married"},
	{"reisen", "Reisen ins Ausland", "Travelling abroad"},
	{"bauen", "Ein Haus bauen", "Building a house"},
}

// demoService is a catalog entry in short: texts, and how it is done.
type demoService struct {
	slug, dept, leika      string
	nameDE, nameEN         string
	descDE, descEN         string
	procDE, procEN         string
	docsDE, docsEN         string
	feesDE, feesEN         string
	feeCents               int64 // 0: no fixed amount
	legal                  string
	citizens, businesses   bool
	form                   string
	appointment, inPerson  bool
	keywordsDE, keywordsEN string
	topics, life           []string
}

var demoServices = []demoService{
	{slug: "hund-anmelden", dept: "kaemmerei", leika: "99104004001000",
		nameDE: "Hund anmelden (Hundesteuer)", nameEN: "Register a dog (dog tax)",
		descDE: "Wer in Musterstadt einen Hund hält, muss ihn innerhalb von zwei Wochen zur Hundesteuer anmelden. Sie bekommen dann eine Hundesteuermarke und einen Steuerbescheid.\nAssistenzhunde und Blindenführhunde sind steuerfrei. Wenn Sie Bürgergeld oder Grundsicherung bekommen oder Ihr Hund aus dem Tierheim kommt, können Sie eine Ermäßigung beantragen; darüber entscheidet die Kämmerei.",
		descEN: "If you keep a dog in Musterstadt, you must register it for the dog tax within two weeks. You then receive a dog tax tag and a tax notice.\nAssistance dogs and guide dogs are exempt. If you get Bürgergeld or basic income support or your dog comes from an animal shelter, you can apply for a reduction; the treasury decides on it.",
		docsDE: "Angaben zum Hund: Name, Rasse, Geschlecht, seit wann er bei Ihnen lebt, Chipnummer (falls vorhanden)\nbei einem gefährlichen Hund: Aktenzeichen der Erlaubnis des Ordnungsamts\nbei einem Assistenzhund: Nachweis, zum Beispiel der Ausweis des Assistenzhundes\nbei einer Ermäßigung: Nachweis, zum Beispiel der Bürgergeld-Bescheid\nfür die Lastschrift: IBAN",
		docsEN: "Details of the dog: name, breed, sex, since when it lives with you, microchip number (if any)\nfor a dangerous dog: reference number of the public order office's permit\nfor an assistance dog: proof, for example the assistance dog's ID\nfor a reduction: proof, for example the Bürgergeld notice\nfor direct debit: IBAN",
		feesDE: "Hundesteuer pro Jahr: 96 Euro für den ersten Hund, 120 Euro für jeden weiteren, 600 Euro für einen gefährlichen Hund; Assistenzhunde und Blindenführhunde steuerfrei", feesEN: "Dog tax per year: 96 euros for the first dog, 120 euros for each further dog, 600 euros for a dangerous dog; assistance dogs and guide dogs are exempt",
		legal:    "Hundesteuersatzung der Stadt Musterstadt; § 3 Niedersächsisches Kommunalabgabengesetz",
		citizens: true, form: "hund-anmelden", inPerson: true,
		keywordsDE: "Hundesteuer, Hundemarke, Steuermarke, Hundehaltung", keywordsEN: "dog tax, dog licence, dog tag",
		topics: []string{"steuern", "tiere"}, life: []string{"hund", "umzug"}},
	{slug: "hund-abmelden", dept: "kaemmerei", leika: "99104004002000",
		nameDE: "Hund abmelden", nameEN: "Deregister a dog",
		descDE: "Wenn Ihr Hund gestorben ist, Sie ihn abgegeben haben oder Sie wegziehen, melden Sie ihn bei der Hundesteuer ab. Die Steuer endet mit dem Monat der Abmeldung.",
		descEN: "If your dog has died, you gave it away or you move away, deregister it from the dog tax. The tax ends with the month you deregister.",
		procDE: "Schreiben Sie der Kämmerei eine E-Mail mit Ihrem Namen, dem Kassenzeichen und dem Grund, und geben Sie die Hundesteuermarke zurück.",
		procEN: "Write an e-mail to the treasury with your name, the payment reference and the reason, and return the dog tax tag.",
		docsDE: "Hundesteuermarke\nbei Abgabe: Name und Anschrift der neuen Halterin oder des neuen Halters",
		docsEN: "Dog tax tag\nif given away: name and address of the new keeper",
		feesDE: "gebührenfrei", feesEN: "free of charge", legal: "Hundesteuersatzung der Stadt Musterstadt",
		citizens: true, inPerson: true,
		keywordsDE: "Hundesteuer abmelden, Hund verstorben", keywordsEN: "dog tax",
		topics: []string{"steuern", "tiere"}, life: []string{"umzug"}},
	{slug: "halteverbot-umzug", dept: "ordnungsamt", leika: "99058008001000",
		nameDE: "Halteverbot für einen Umzug beantragen", nameEN: "Apply for a no-parking zone for a move",
		descDE: "Für Ihren Umzugswagen können Sie vor dem Haus ein vorübergehendes Halteverbot einrichten lassen. Beantragen Sie es mindestens 14 Tage vorher; die Stadt stellt die Schilder 3 Tage vorher auf.",
		descEN: "You can have a temporary no-parking zone set up in front of the house for your removal van. Apply at least 14 days before; the town puts up the signs 3 days before.",
		docsDE: "Adresse, Straßenseite und Zeitraum\nLänge der benötigten Fläche in Metern\nArt des Fahrzeugs und, falls beauftragt, die Umzugsfirma\nTelefonnummer für Rückfragen am Umzugstag",
		docsEN: "Address, side of the street and dates\nLength of the space needed in metres\nType of vehicle and, if you use one, the removal company\nPhone number for questions on moving day",
		feesDE: "35 Euro Bearbeitung, dazu 10 Euro je Tag und 20 Euro Zuschlag ab 20 Metern Länge; die Schilder stellt die Stadt", feesEN: "35 euros processing, plus 10 euros per day and 20 euros extra from 20 metres length; the town provides the signs",
		legal:    "§ 45 Absatz 1 Straßenverkehrs-Ordnung (StVO); § 46 StVO",
		citizens: true, businesses: true, form: "halteverbot-umzug",
		keywordsDE: "Halteverbotszone, Umzugswagen, Parkverbot, Umzug, Möbelwagen", keywordsEN: "no parking, removal van, moving",
		topics: []string{"verkehr"}, life: []string{"umzug"}},
	{slug: "bewohnerparkausweis", dept: "ordnungsamt", leika: "99058009001000",
		nameDE: "Bewohnerparkausweis beantragen", nameEN: "Apply for a resident parking permit",
		descDE: "Wenn Sie in einer Bewohnerparkzone wohnen, dürfen Sie mit einem Bewohnerparkausweis dort ohne Parkschein parken. Der Ausweis gilt 6 oder 12 Monate für ein Fahrzeug.",
		descEN: "If you live in a resident parking zone, a resident parking permit lets you park there without a ticket. The permit is valid for 6 or 12 months and one vehicle.",
		docsDE: "Fahrzeugschein (Zulassungsbescheinigung Teil I) als Foto oder Scan\nbei Firmen-, Leih- oder Leasingwagen: Nachweis, dass Sie das Fahrzeug dauerhaft nutzen, zum Beispiel eine Bescheinigung des Arbeitgebers",
		docsEN: "Vehicle registration certificate (part I) as a photo or scan\nfor a company, borrowed or leased car: proof that you use the vehicle permanently, for example a letter from your employer",
		feesDE: "65 Euro für 6 Monate, 120 Euro für 12 Monate", feesEN: "65 euros for 6 months, 120 euros for 12 months",
		legal:    "§ 45 Absatz 1b Nr. 2a StVO; Gebührenordnung für Maßnahmen im Straßenverkehr",
		citizens: true, form: "bewohnerparkausweis", inPerson: true,
		keywordsDE: "Anwohnerparken, Anwohnerparkausweis, Parkausweis, Parkberechtigung", keywordsEN: "resident parking, parking permit",
		topics: []string{"verkehr"}, life: []string{"umzug"}},
	{slug: "gewerbe-anmelden", dept: "ordnungsamt", leika: "99050012104000",
		nameDE: "Gewerbe anmelden", nameEN: "Register a trade",
		descDE: "Wer ein Gewerbe beginnt, muss es beim Ordnungsamt anmelden (Gewerbeanmeldung). Sie bekommen eine Bestätigung; das Finanzamt, die Kammer und die Berufsgenossenschaft erfahren es von uns.",
		descEN: "If you start a trade, you must register it with the public order office. You receive a confirmation; we inform the tax office, the chamber and the employers' liability insurance.",
		docsDE: "Personalausweis oder Reisepass\nbei erlaubnispflichtigen Gewerben: die Erlaubnis\nbei Handwerk: Eintragung in die Handwerksrolle",
		docsEN: "Identity card or passport\nfor trades that need a licence: the licence\nfor crafts: entry in the register of craftspeople",
		feesDE: "26 Euro", feesEN: "26 euros", feeCents: 2600, legal: "§ 14 Gewerbeordnung (GewO)",
		citizens: true, businesses: true, form: "gewerbe-anmelden", appointment: true,
		keywordsDE: "Gewerbeanmeldung, Gewerbeschein, Selbstständigkeit, Firma gründen, Existenzgründung", keywordsEN: "trade licence, business registration, self-employed",
		topics: []string{"wirtschaft"}, life: []string{"gruendung"}},
	{slug: "gewerbe-ummelden", dept: "ordnungsamt", leika: "99050012105000",
		nameDE: "Gewerbe ummelden", nameEN: "Change a trade registration",
		descDE: "Wenn sich Ihr Gewerbe ändert, zum Beispiel die Adresse oder die Tätigkeit, melden Sie das mit einer Gewerbeummeldung.",
		descEN: "If your trade changes, for example its address or activity, notify us with a change of registration.",
		procDE: "Kommen Sie mit Termin ins Ordnungsamt oder schicken Sie das unterschriebene Formular per Post.",
		procEN: "Come to the public order office with an appointment or send the signed form by post.",
		docsDE: "Personalausweis oder Reisepass\nbisherige Gewerbeanmeldung", docsEN: "Identity card or passport\nprevious trade registration",
		feesDE: "20 Euro", feesEN: "20 euros", feeCents: 2000, legal: "§ 14 Gewerbeordnung (GewO)",
		businesses: true, appointment: true,
		keywordsDE: "Gewerbeummeldung, Umzug der Firma", keywordsEN: "trade registration change",
		topics: []string{"wirtschaft"}},
	{slug: "gewerbe-abmelden", dept: "ordnungsamt", leika: "99050012106000",
		nameDE: "Gewerbe abmelden", nameEN: "Deregister a trade",
		descDE: "Wenn Sie Ihr Gewerbe aufgeben, melden Sie es ab (Gewerbeabmeldung).",
		descEN: "If you give up your trade, deregister it.",
		procDE: "Kommen Sie mit Termin ins Ordnungsamt oder schicken Sie das unterschriebene Formular per Post.",
		procEN: "Come to the public order office with an appointment or send the signed form by post.",
		docsDE: "Personalausweis oder Reisepass", docsEN: "Identity card or passport",
		feesDE: "15 Euro", feesEN: "15 euros", feeCents: 1500, legal: "§ 14 Gewerbeordnung (GewO)",
		businesses: true, appointment: true,
		keywordsDE: "Gewerbeabmeldung, Betriebsaufgabe", keywordsEN: "close a business",
		topics: []string{"wirtschaft"}},
	{slug: "meldebescheinigung", dept: "buergerbuero", leika: "99115005000000",
		nameDE: "Meldebescheinigung beantragen", nameEN: "Apply for a certificate of registration",
		descDE: "Eine Meldebescheinigung bestätigt, wo Sie gemeldet sind. Sie brauchen sie zum Beispiel für Behörden, den Arbeitgeber oder die Bank.",
		descEN: "A certificate of registration confirms where you are registered. You need it, for example, for authorities, your employer or your bank.",
		docsDE: "Name, Geburtsdatum und Anschrift\nbei weiteren Personen in Ihrer Wohnung: deren Namen und Geburtsdaten\nbei Abholung im Bürgerbüro: Personalausweis oder Reisepass",
		docsEN: "Name, date of birth and address\nfor other people in your household: their names and dates of birth\nwhen collecting at the citizens' office: identity card or passport",
		feesDE: "Je Person: einfache Meldebescheinigung 8 Euro, erweiterte 12 Euro; für Rente, Kindergeld und Wohngeld gebührenfrei", feesEN: "Per person: simple certificate 8 euros, extended 12 euros; free of charge for pensions, child benefit and housing benefit",
		legal:    "§ 18 Bundesmeldegesetz (BMG)",
		citizens: true, form: "meldebescheinigung", inPerson: true,
		keywordsDE: "Wohnsitzbescheinigung, Meldebestätigung, Aufenthaltsbescheinigung", keywordsEN: "proof of address, registration certificate",
		topics: []string{"meldewesen"}, life: []string{"umzug"}},
	{slug: "wohnsitz-anmelden", dept: "buergerbuero", leika: "99115001000000",
		nameDE: "Wohnsitz anmelden", nameEN: "Register your address",
		descDE: "Wenn Sie nach Musterstadt ziehen oder innerhalb der Stadt umziehen, melden Sie sich innerhalb von zwei Wochen im Bürgerbüro an.",
		descEN: "If you move to Musterstadt or within the town, register at the citizens' office within two weeks.",
		procDE: "Buchen Sie einen Termin im Bürgerbüro und bringen Sie alle Unterlagen mit. Alle Personen, die mit umziehen, können von einer Person angemeldet werden.",
		procEN: "Book an appointment at the citizens' office and bring all documents. One person can register everyone moving with them.",
		docsDE: "Personalausweis oder Reisepass aller Personen\nWohnungsgeberbestätigung vom Vermieter",
		docsEN: "Identity card or passport of everyone\nLandlord's confirmation (Wohnungsgeberbestätigung)",
		feesDE: "gebührenfrei", feesEN: "free of charge", legal: "§ 17 Bundesmeldegesetz (BMG)",
		citizens: true, appointment: true,
		keywordsDE: "Anmeldung, Ummeldung, Umzug, Zuzug, neue Wohnung", keywordsEN: "registration, new address, moving",
		topics: []string{"meldewesen"}, life: []string{"umzug", "geburt"}},
	{slug: "wohnsitz-abmelden", dept: "buergerbuero", leika: "99115002000000",
		nameDE: "Wohnsitz abmelden (Wegzug ins Ausland)", nameEN: "Deregister when moving abroad",
		descDE: "Wenn Sie ins Ausland ziehen und in Deutschland keine Wohnung behalten, melden Sie sich ab. Beim Umzug innerhalb Deutschlands ist keine Abmeldung nötig.",
		descEN: "If you move abroad and keep no home in Germany, deregister. Within Germany no deregistration is needed.",
		procDE: "Frühestens eine Woche vor dem Auszug im Bürgerbüro, mit Termin oder schriftlich.",
		procEN: "At the earliest one week before you leave, at the citizens' office with an appointment or in writing.",
		docsDE: "Personalausweis oder Reisepass", docsEN: "Identity card or passport",
		feesDE: "gebührenfrei", feesEN: "free of charge", legal: "§ 17 Absatz 2 Bundesmeldegesetz (BMG)",
		citizens: true, appointment: true,
		keywordsDE: "Abmeldung, Auswanderung, Wegzug", keywordsEN: "deregistration, emigrate",
		topics: []string{"meldewesen"}, life: []string{"umzug", "reisen"}},
	{slug: "personalausweis-beantragen", dept: "buergerbuero", leika: "99102013000000",
		nameDE: "Personalausweis beantragen", nameEN: "Apply for an identity card",
		descDE: "Den Personalausweis beantragen Sie persönlich im Bürgerbüro. Nach etwa drei bis vier Wochen können Sie ihn abholen.",
		descEN: "You apply for the identity card in person at the citizens' office. You can collect it after about three to four weeks.",
		procDE: "Buchen Sie einen Termin im Bürgerbüro. Die Fingerabdrücke werden vor Ort genommen; ein biometrisches Foto bringen Sie mit oder lassen es bei uns machen.",
		procEN: "Book an appointment at the citizens' office. Fingerprints are taken there; bring a biometric photo or have one taken at our office.",
		docsDE: "bisheriger Ausweis oder Geburtsurkunde\nbiometrisches Passfoto", docsEN: "previous identity card or birth certificate\nbiometric passport photo",
		feesDE: "37 Euro, unter 24 Jahren 22,80 Euro", feesEN: "37 euros, under 24 years 22.80 euros",
		legal:    "Personalausweisgesetz (PAuswG); Personalausweisgebührenverordnung",
		citizens: true, appointment: true,
		keywordsDE: "Ausweis, Perso, ID-Karte, Personalausweis verlängern", keywordsEN: "ID card, identity document",
		topics: []string{"meldewesen"}, life: []string{"reisen"}},
	{slug: "reisepass-beantragen", dept: "buergerbuero", leika: "99102014000000",
		nameDE: "Reisepass beantragen", nameEN: "Apply for a passport",
		descDE: "Für Reisen in viele Länder brauchen Sie einen Reisepass. Beantragen Sie ihn rechtzeitig: die Herstellung dauert etwa vier bis sechs Wochen.",
		descEN: "Many countries require a passport. Apply in good time: it takes about four to six weeks to produce.",
		procDE: "Buchen Sie einen Termin im Bürgerbüro; Express-Pässe sind gegen Aufpreis in wenigen Tagen fertig.",
		procEN: "Book an appointment at the citizens' office; express passports are ready in a few days for an extra fee.",
		docsDE: "Personalausweis oder bisheriger Reisepass\nbiometrisches Passfoto", docsEN: "Identity card or previous passport\nbiometric passport photo",
		feesDE: "70 Euro, unter 24 Jahren 37,50 Euro; Express 32 Euro mehr", feesEN: "70 euros, under 24 years 37.50 euros; express 32 euros extra",
		legal:    "Passgesetz (PassG); Passverordnung",
		citizens: true, appointment: true,
		keywordsDE: "Pass, Reisedokument, Expresspass", keywordsEN: "passport, travel document",
		topics: []string{"meldewesen"}, life: []string{"reisen"}},
	{slug: "kinderreisepass", dept: "buergerbuero", leika: "99102015000000",
		nameDE: "Reisepass für ein Kind beantragen", nameEN: "Apply for a child's passport",
		descDE: "Auch Kinder brauchen für Reisen ein eigenes Ausweisdokument. Beide Sorgeberechtigten müssen zustimmen.",
		descEN: "Children need their own travel document too. Both parents with custody must agree.",
		procDE: "Kommen Sie mit dem Kind und einem Termin ins Bürgerbüro.", procEN: "Come to the citizens' office with the child and an appointment.",
		docsDE: "Geburtsurkunde des Kindes\nbiometrisches Passfoto\nZustimmung beider Sorgeberechtigten",
		docsEN: "The child's birth certificate\nbiometric passport photo\nconsent of both parents with custody",
		feesDE: "37,50 Euro", feesEN: "37.50 euros", feeCents: 3750, legal: "Passgesetz (PassG)",
		citizens: true, appointment: true,
		keywordsDE: "Kinderpass, Kinderausweis", keywordsEN: "child passport",
		topics: []string{"meldewesen", "familie"}, life: []string{"geburt", "reisen"}},
	{slug: "fuehrungszeugnis", dept: "buergerbuero", leika: "99059001000000",
		nameDE: "Führungszeugnis beantragen", nameEN: "Apply for a certificate of good conduct",
		descDE: "Ein Führungszeugnis zeigt, ob Sie vorbestraft sind. Arbeitgeber verlangen es oft, etwa für die Arbeit mit Kindern.",
		descEN: "A certificate of good conduct shows whether you have a criminal record. Employers often ask for it, for example for work with children.",
		procDE: "Im Bürgerbüro ohne Termin. Das Bundesamt für Justiz schickt das Zeugnis nach etwa zwei Wochen.",
		procEN: "At the citizens' office without an appointment. The Federal Office of Justice sends the certificate after about two weeks.",
		docsDE: "Personalausweis oder Reisepass\nbei erweitertem Führungszeugnis: Aufforderung des Arbeitgebers",
		docsEN: "Identity card or passport\nfor an extended certificate: the employer's request",
		feesDE: "13 Euro", feesEN: "13 euros", feeCents: 1300, legal: "§ 30 Bundeszentralregistergesetz (BZRG)",
		citizens: true, inPerson: true,
		keywordsDE: "polizeiliches Führungszeugnis, Vorstrafen", keywordsEN: "police certificate, criminal record",
		topics: []string{"meldewesen"}},
	{slug: "melderegisterauskunft", dept: "buergerbuero", leika: "99115008000000",
		nameDE: "Melderegisterauskunft", nameEN: "Information from the population register",
		descDE: "Sie erfahren die Anschrift einer Person, wenn Sie Vor- und Familiennamen und ein weiteres Merkmal wie das Geburtsdatum kennen.",
		descEN: "You learn a person's address if you know their first and last name and one more detail such as the date of birth.",
		procDE: "Schriftlich oder per E-Mail an das Bürgerbüro.", procEN: "In writing or by e-mail to the citizens' office.",
		feesDE: "10 Euro", feesEN: "10 euros", feeCents: 1000, legal: "§ 44 Bundesmeldegesetz (BMG)",
		citizens: true, businesses: true, inPerson: true,
		keywordsDE: "Adressauskunft, Anschrift ermitteln", keywordsEN: "address enquiry",
		topics: []string{"meldewesen"}},
	{slug: "geburt-beurkunden", dept: "buergerbuero", leika: "99118001000000",
		nameDE: "Geburt beurkunden lassen", nameEN: "Register a birth",
		descDE: "Nach der Geburt wird Ihr Kind im Standesamt beurkundet. Sie bekommen Geburtsurkunden, auch für Elterngeld und Kindergeld.",
		descEN: "After the birth, your child is registered at the registry office. You receive birth certificates, also for parental and child benefit.",
		procDE: "Die Klinik meldet die Geburt meistens selbst. Bringen Sie die Unterlagen innerhalb einer Woche ins Standesamt im Bürgerbüro.",
		procEN: "The hospital usually reports the birth itself. Bring the documents to the registry office at the citizens' office within a week.",
		docsDE: "Personalausweise der Eltern\nEheurkunde oder Geburtsurkunden der Eltern\nbei nicht verheirateten Eltern: Vaterschaftsanerkennung",
		docsEN: "Parents' identity cards\nmarriage certificate or parents' birth certificates\nfor unmarried parents: acknowledgement of paternity",
		feesDE: "Erste Urkunden gebührenfrei, jede weitere 12 Euro", feesEN: "First certificates free, each further one 12 euros",
		legal:    "§ 18 Personenstandsgesetz (PStG)",
		citizens: true, appointment: true,
		keywordsDE: "Geburtsurkunde, Standesamt, Baby, Neugeborenes", keywordsEN: "birth certificate, registry office, baby",
		topics: []string{"familie"}, life: []string{"geburt"}},
	{slug: "kita-platz", dept: "jugendamt", leika: "99018001000000",
		nameDE: "Kita-Platz beantragen", nameEN: "Apply for a daycare place",
		descDE: "Ab dem ersten Geburtstag hat Ihr Kind Anspruch auf einen Platz in einer Kita oder bei einer Tagesmutter. Melden Sie den Bedarf möglichst sechs Monate vorher an.",
		descEN: "From the first birthday your child is entitled to a place in a daycare centre or with a childminder. Register your need about six months in advance.",
		procDE: "Melden Sie sich beim Jugendamt; wir vermitteln nach Ihren Wünschen.", procEN: "Contact the youth welfare office; we allocate according to your preferences.",
		docsDE: "Geburtsurkunde des Kindes\nbei Bedarf: Arbeitgeberbescheinigung", docsEN: "The child's birth certificate\nif needed: employer's certificate",
		feesDE: "Elternbeiträge nach Einkommen; ab drei Jahren beitragsfrei", feesEN: "Parents' contributions depend on income; free from age three",
		legal:    "§ 24 Sozialgesetzbuch VIII (SGB VIII)",
		citizens: true, inPerson: true,
		keywordsDE: "Kindergarten, Krippe, Kinderbetreuung, Tagesmutter", keywordsEN: "kindergarten, nursery, childcare",
		topics: []string{"familie"}, life: []string{"geburt", "umzug"}},
	{slug: "eheschliessung", dept: "buergerbuero", leika: "99117001000000",
		nameDE: "Eheschließung anmelden", nameEN: "Give notice of marriage",
		descDE: "Wenn Sie heiraten möchten, melden Sie die Eheschließung im Standesamt an, frühestens sechs Monate vorher.",
		descEN: "If you want to marry, give notice of marriage at the registry office, at the earliest six months before.",
		procDE: "Beide kommen zusammen mit Termin ins Standesamt im Bürgerbüro.", procEN: "Both partners come together to the registry office with an appointment.",
		docsDE: "Personalausweise oder Reisepässe\naktuelle beglaubigte Abschriften aus dem Geburtenregister",
		docsEN: "Identity cards or passports\ncurrent certified copies from the birth register",
		feesDE: "Anmeldung 40 Euro; Trauung im Trauzimmer 60 Euro", feesEN: "Notice 40 euros; ceremony in the wedding room 60 euros",
		legal:    "§ 12 Personenstandsgesetz (PStG)",
		citizens: true, appointment: true,
		keywordsDE: "Heirat, Hochzeit, Trauung, Standesamt", keywordsEN: "wedding, marriage, registry office",
		topics: []string{"familie"}, life: []string{"heirat"}},
	{slug: "baugenehmigung", dept: "bauamt", leika: "99055001000000",
		nameDE: "Baugenehmigung beantragen", nameEN: "Apply for a building permit",
		descDE: "Für die meisten Neubauten, Anbauten und Umbauten brauchen Sie eine Baugenehmigung. Eine Entwurfsverfasserin oder ein Entwurfsverfasser stellt den Bauantrag mit Ihnen.",
		descEN: "Most new buildings, extensions and conversions need a building permit. A qualified architect prepares the application with you.",
		procDE: "Reichen Sie den Bauantrag mit allen Bauvorlagen im Bauamt ein. Eine Beratung vorher ist mit Termin möglich.",
		procEN: "Submit the application with all building documents to the building office. Advice beforehand is available by appointment.",
		docsDE: "Bauantragsformular\nLageplan\nBauzeichnungen und Baubeschreibung\nStandsicherheitsnachweis",
		docsEN: "Application form\nsite plan\nbuilding drawings and description\nstructural calculations",
		feesDE: "nach den Baukosten, mindestens 100 Euro", feesEN: "according to construction costs, at least 100 euros",
		legal:    "§ 63 und § 67 Niedersächsische Bauordnung (NBauO)",
		citizens: true, businesses: true, appointment: true,
		keywordsDE: "Bauantrag, Hausbau, Anbau, Neubau", keywordsEN: "planning permission, construction",
		topics: []string{"bauen"}, life: []string{"bauen"}},
	{slug: "baum-faellen", dept: "bauamt", leika: "99055012000000",
		nameDE: "Baum fällen: Genehmigung beantragen", nameEN: "Permit to fell a tree",
		descDE: "Geschützte Bäume auf Ihrem Grundstück dürfen Sie nur mit Genehmigung fällen. Von März bis September gilt außerdem die Brutzeit.",
		descEN: "Protected trees on your land may only be felled with a permit. From March to September the breeding season also applies.",
		procDE: "Schreiben Sie dem Bauamt mit Fotos und einem Lageplan.", procEN: "Write to the building office with photos and a site plan.",
		docsDE: "Fotos des Baums\nLageplan mit Standort", docsEN: "Photos of the tree\nsite plan with its location",
		feesDE: "30 bis 150 Euro", feesEN: "30 to 150 euros", legal: "Baumschutzsatzung der Stadt Musterstadt; § 39 Bundesnaturschutzgesetz",
		citizens: true, businesses: true, inPerson: true,
		keywordsDE: "Baumfällung, Baumschutz, Fällgenehmigung", keywordsEN: "tree felling, tree protection",
		topics: []string{"bauen"}, life: []string{"bauen"}},
	{slug: "hausnummer", dept: "bauamt", leika: "99055020000000",
		nameDE: "Hausnummer zuteilen lassen", nameEN: "Get a house number",
		descDE: "Für einen Neubau teilt Ihnen das Bauamt die Hausnummer zu.",
		descEN: "The building office assigns the house number for a new building.",
		procDE: "Formlos beim Bauamt beantragen, sobald die Baugenehmigung vorliegt.", procEN: "Ask the building office informally once you have the building permit.",
		feesDE: "25 Euro", feesEN: "25 euros", feeCents: 2500, legal: "§ 126 Absatz 3 Baugesetzbuch (BauGB)",
		citizens: true, businesses: true, inPerson: true,
		keywordsDE: "Hausnummernvergabe, Adresse Neubau", keywordsEN: "house number, address",
		topics: []string{"bauen"}, life: []string{"bauen"}},
	{slug: "grundsteuer", dept: "kaemmerei", leika: "99104001000000",
		nameDE: "Grundsteuer: Fragen zum Bescheid", nameEN: "Property tax: questions about the notice",
		descDE: "Eigentümerinnen und Eigentümer von Grundstücken zahlen Grundsteuer. Bei Fragen zum Bescheid, zur Zahlung oder zum Lastschriftmandat hilft die Kämmerei.",
		descEN: "Owners of land pay property tax. The treasury helps with questions about the notice, payment or direct debit.",
		procDE: "Schreiben Sie der Kämmerei mit Ihrem Kassenzeichen. Einspruch gegen den Wert legen Sie beim Finanzamt ein.",
		procEN: "Write to the treasury with your payment reference. Objections to the assessed value go to the tax office.",
		feesDE: "gebührenfrei", feesEN: "free of charge", legal: "Grundsteuergesetz (GrStG); Niedersächsisches Grundsteuergesetz",
		citizens: true, businesses: true, inPerson: true,
		keywordsDE: "Grundbesitzabgaben, Steuerbescheid, Lastschrift", keywordsEN: "property tax, land tax",
		topics: []string{"steuern", "bauen"}, life: []string{"bauen"}},
	{slug: "zweitwohnungsteuer", dept: "kaemmerei", leika: "99104006000000",
		nameDE: "Zweitwohnungsteuer", nameEN: "Second home tax",
		descDE: "Wer in Musterstadt eine Nebenwohnung hat, zahlt Zweitwohnungsteuer. Studierende mit Hauptwohnung bei den Eltern können befreit sein.",
		descEN: "If you have a second home in Musterstadt, you pay second home tax. Students whose main home is with their parents may be exempt.",
		procDE: "Die Steuer wird nach der Anmeldung der Nebenwohnung festgesetzt; die Kämmerei schickt Ihnen einen Fragebogen.",
		procEN: "The tax is set after you register the second home; the treasury sends you a questionnaire.",
		feesDE: "10 Prozent der Jahresnettokaltmiete", feesEN: "10 percent of the annual net rent",
		legal:    "Zweitwohnungsteuersatzung der Stadt Musterstadt",
		citizens: true, inPerson: true,
		keywordsDE: "Nebenwohnung, Zweitwohnsitz", keywordsEN: "second residence",
		topics: []string{"steuern"}, life: []string{"umzug"}},
	{slug: "veranstaltung-anmelden", dept: "ordnungsamt", leika: "99050100000000",
		nameDE: "Veranstaltung anmelden", nameEN: "Register an event",
		descDE: "Straßenfeste, Flohmärkte und Konzerte im Freien melden Sie beim Ordnungsamt an, mindestens sechs Wochen vorher.",
		descEN: "Register street parties, flea markets and open-air concerts with the public order office at least six weeks before.",
		procDE: "Schicken Sie dem Ordnungsamt eine Beschreibung mit Ort, Zeit, erwarteten Gästen und Lageplan.",
		procEN: "Send the public order office a description with place, time, expected guests and a site plan.",
		docsDE: "Beschreibung der Veranstaltung\nLageplan\nSicherheitskonzept bei mehr als 1.000 Gästen",
		docsEN: "Description of the event\nsite plan\nsafety concept for more than 1,000 guests",
		feesDE: "50 bis 500 Euro je nach Aufwand", feesEN: "50 to 500 euros depending on the effort",
		legal:    "Niedersächsisches Polizei- und Ordnungsbehördengesetz (NPOG); Straßengesetz",
		citizens: true, businesses: true, inPerson: true,
		keywordsDE: "Straßenfest, Flohmarkt, Konzert, Fest", keywordsEN: "street party, festival, flea market",
		topics: []string{"ordnung"}},
	{slug: "sondernutzung", dept: "ordnungsamt", leika: "99058020000000",
		nameDE: "Gehweg nutzen (Sondernutzung)", nameEN: "Use the pavement (special use permit)",
		descDE: "Für Tische vor dem Café, Werbeschilder oder einen Container auf der Straße brauchen Sie eine Sondernutzungserlaubnis.",
		descEN: "Tables outside a café, advertising signs or a skip on the street need a special use permit.",
		procDE: "Beantragen Sie die Erlaubnis mit einer Skizze beim Ordnungsamt.", procEN: "Apply to the public order office with a sketch.",
		docsDE: "Skizze mit Maßen\nZeitraum", docsEN: "Sketch with measurements\ndates",
		feesDE: "nach Fläche und Dauer, ab 20 Euro", feesEN: "by area and duration, from 20 euros",
		legal:    "§ 18 Niedersächsisches Straßengesetz (NStrG); Sondernutzungssatzung",
		citizens: true, businesses: true, inPerson: true,
		keywordsDE: "Sondernutzungserlaubnis, Außengastronomie, Container, Baugerüst", keywordsEN: "pavement café, skip, scaffolding",
		topics: []string{"verkehr", "wirtschaft"}, life: []string{"gruendung", "bauen"}},
	{slug: "fundsache", dept: "buergerbuero", leika: "99066001000000",
		nameDE: "Fundsache abgeben oder abholen", nameEN: "Hand in or collect lost property",
		descDE: "Das Fundbüro im Bürgerbüro nimmt Fundsachen an und gibt sie den Eigentümern zurück.",
		descEN: "The lost property office at the citizens' office takes found items and returns them to their owners.",
		procDE: "Kommen Sie zu den Öffnungszeiten ins Bürgerbüro; fragen Sie vorher gern telefonisch nach.",
		procEN: "Come to the citizens' office during opening hours; feel free to call first.",
		docsDE: "Personalausweis\nBeschreibung oder Nachweis des Eigentums", docsEN: "Identity card\ndescription or proof of ownership",
		feesDE: "Abholung 5 Euro", feesEN: "Collection 5 euros", feeCents: 500, legal: "§§ 965 bis 984 Bürgerliches Gesetzbuch (BGB)",
		citizens: true, inPerson: true,
		keywordsDE: "Fundbüro, verloren, gefunden", keywordsEN: "lost and found",
		topics: []string{"ordnung"}},
	{slug: "briefwahl", dept: "buergerbuero", leika: "99025001000000",
		nameDE: "Briefwahl beantragen", nameEN: "Apply for a postal vote",
		descDE: "Mit der Briefwahl wählen Sie von zu Hause. Die Unterlagen kommen per Post.",
		descEN: "With a postal vote you vote from home. The documents come by post.",
		procDE: "Mit dem QR-Code auf der Wahlbenachrichtigung, per E-Mail oder im Bürgerbüro.",
		procEN: "With the QR code on your polling card, by e-mail or at the citizens' office.",
		docsDE: "Wahlbenachrichtigung", docsEN: "Polling card",
		feesDE: "gebührenfrei", feesEN: "free of charge", legal: "§ 17 Bundeswahlgesetz; § 27 Bundeswahlordnung",
		citizens: true, inPerson: true,
		keywordsDE: "Wahlschein, Wahl, Briefwahlunterlagen", keywordsEN: "postal vote, election",
		topics: []string{"meldewesen"}},
}

// demoPlaces says where each demo department receives visitors and when,
// because the catalog's "in person" channel points to the opening hours.
var demoPlaces = map[string][2]string{
	"buergerbuero": {"Bürgerbüro, Rathausplatz 1, Erdgeschoss. Öffnungszeiten: Montag bis Freitag 8 bis 12 Uhr, Donnerstag auch 14 bis 18 Uhr.",
		"Citizens' office, Rathausplatz 1, ground floor. Opening hours: Monday to Friday 8 am to 12 noon, Thursday also 2 pm to 6 pm."},
	"ordnungsamt": {"Ordnungsamt, Rathausplatz 1, 1. Stock, Zimmer 104 bis 112. Öffnungszeiten: Montag bis Freitag 8 bis 12 Uhr, Dienstag auch 14 bis 16 Uhr.",
		"Public order office, Rathausplatz 1, first floor, rooms 104 to 112. Opening hours: Monday to Friday 8 am to 12 noon, Tuesday also 2 pm to 4 pm."},
	"kaemmerei": {"Kämmerei, Rathausplatz 1, 2. Stock, Zimmer 201. Öffnungszeiten: Montag bis Freitag 8 bis 12 Uhr, Donnerstag auch 14 bis 18 Uhr.",
		"Treasury, Rathausplatz 1, second floor, room 201. Opening hours: Monday to Friday 8 am to 12 noon, Thursday also 2 pm to 6 pm."},
	"jugendamt": {"Jugendamt, Schulstraße 4. Öffnungszeiten: Montag, Dienstag und Freitag 8 bis 12 Uhr, Donnerstag 14 bis 18 Uhr.",
		"Youth welfare office, Schulstraße 4. Opening hours: Monday, Tuesday and Friday 8 am to 12 noon, Thursday 2 pm to 6 pm."},
	"bauamt": {"Bauamt, Technisches Rathaus, Am Wall 10. Öffnungszeiten: Dienstag und Donnerstag 8 bis 12 Uhr, Donnerstag auch 14 bis 17 Uhr.",
		"Building office, Technical town hall, Am Wall 10. Opening hours: Tuesday and Thursday 8 am to 12 noon, Thursday also 2 pm to 5 pm."},
}

// withPlace adds the department's place and hours to a procedure text.
func withPlace(proc, place string) string {
	if proc == "" {
		return place
	}
	return proc + "\n" + place
}

// seedCatalog adds the demo topics, life situations and services. depts
// maps department slugs to ids.
func seedCatalog(ctx context.Context, a *app.App, depts map[string]int64) error {
	system := audit.By(0, "")
	topicIDs, lifeIDs := map[string]int64{}, map[string]int64{}
	for i, t := range demoTopics {
		saved, err := a.Catalog.SaveTopic(ctx, catalog.Topic{Slug: t.slug, Name: catalog.Text{DE: t.de, EN: t.en}, SortOrder: i * 10}, system)
		if err != nil {
			return fmt.Errorf("catalog topic %s: %w", t.slug, err)
		}
		topicIDs[t.slug] = saved.ID
	}
	for i, t := range demoLife {
		saved, err := a.Catalog.SaveLifeSituation(ctx, catalog.LifeSituation{Slug: t.slug, Name: catalog.Text{DE: t.de, EN: t.en}, SortOrder: i * 10}, system)
		if err != nil {
			return fmt.Errorf("catalog life situation %s: %w", t.slug, err)
		}
		lifeIDs[t.slug] = saved.ID
	}
	for _, d := range demoServices {
		dept, ok := depts[d.dept]
		if !ok {
			return fmt.Errorf("catalog service %s: no demo department %s", d.slug, d.dept)
		}
		procDE, procEN := d.procDE, d.procEN
		if place, ok := demoPlaces[d.dept]; ok && (d.inPerson || d.appointment) {
			procDE, procEN = withPlace(procDE, place[0]), withPlace(procEN, place[1])
		}
		s := catalog.Service{
			Slug: d.slug, LeiKaKey: d.leika, LegalBasis: d.legal, FormID: d.form,
			Name:        catalog.Text{DE: d.nameDE, EN: d.nameEN},
			Description: catalog.Text{DE: d.descDE, EN: d.descEN},
			Procedure:   catalog.Text{DE: procDE, EN: procEN},
			Documents:   catalog.Text{DE: d.docsDE, EN: d.docsEN},
			Fees:        catalog.Text{DE: d.feesDE, EN: d.feesEN},
			Keywords:    catalog.Text{DE: d.keywordsDE, EN: d.keywordsEN},
			ForCitizens: d.citizens, ForBusinesses: d.businesses,
			Online: d.form != "", Appointment: d.appointment, InPerson: d.inPerson,
			Department: catalog.Department{ID: dept},
			Published:  true,
		}
		if d.feeCents > 0 {
			fee := d.feeCents
			s.FeeCents = &fee
		}
		for _, t := range d.topics {
			s.Topics = append(s.Topics, catalog.Ref{ID: topicIDs[t]})
		}
		for _, l := range d.life {
			s.Life = append(s.Life, catalog.Ref{ID: lifeIDs[l]})
		}
		if _, err := a.Catalog.Save(ctx, s, system); err != nil {
			return fmt.Errorf("catalog service %s: %w", d.slug, err)
		}
	}
	return nil
}

package annotate

import "strings"

// The word lists below are switch statements rather than maps so that the
// package holds no mutable state; the compiler turns them into fast lookups.
// Every function takes a word as returned by lexKey: lower case, curly
// apostrophes folded to straight ones, a trailing full stop removed.

// speakerGender is what the text says about a person's grammatical gender.
type speakerGender uint8

const (
	genderUnknown speakerGender = iota
	genderMale
	genderFemale
	genderPlural
)

// lexKey folds a word for the lexicon: lower case, ’ as ', no trailing dot.
// It allocates only when the word is not already in that form.
func lexKey(w string) string {
	w = strings.TrimSuffix(w, ".")
	if isLexClean(w) {
		return w
	}
	return strings.ToLower(strings.ReplaceAll(w, "’", "'"))
}

// isLexClean reports whether w is already a lexicon key but for a trailing
// dot: ASCII with no capital.
func isLexClean(w string) bool {
	for i := 0; i < len(w); i++ {
		if c := w[i]; (c >= 'A' && c <= 'Z') || c >= 0x80 {
			return false
		}
	}
	return true
}

// isSpeechVerb reports whether w is a finite verb of saying, the kind that
// attributes a quotation ("said", "told", "added", "warned").
func isSpeechVerb(w string) bool {
	switch w {
	case "say", "said", "says", "tell", "told", "tells", "add", "added", "adds",
		"continued", "continues", "ask", "asked", "asks", "wrote", "writes",
		"explained", "explains", "replied", "replies", "insisted", "insists",
		"warned", "warns", "noted", "notes", "argued", "argues", "claimed", "claims",
		"declared", "declares", "stated", "states", "recalled", "recalls",
		"admitted", "admits", "acknowledged", "acknowledges", "announced", "announces",
		"conceded", "concedes", "responded", "responds", "joked", "jokes",
		"tweeted", "tweets", "shouted", "shouts", "yelled", "yells", "whispered",
		"urged", "urges", "cautioned", "promised", "promises", "vowed", "vows",
		"suggested", "suggests", "remarked", "observed", "countered", "counters",
		"confirmed", "confirms", "predicted", "complained", "complains", "pleaded",
		"sobbed", "laughed", "fumed", "fumes", "raged", "blasted", "blasts",
		"slammed", "slams", "gushed", "beamed", "boasted", "boasts", "revealed",
		"reveals", "described", "describes", "called", "calls", "commented",
		"emphasised", "emphasized", "stressed", "stresses", "maintained",
		"maintains", "answered", "quipped", "sighed", "cried", "screamed",
		"demanded", "demands", "wondered", "mused", "hinted", "recounted",
		"reflected", "reiterated", "assured", "testified", "concluded", "accused",
		"shrugged", "reckons", "reckoned", "snapped", "thundered", "chanted",
		"groaned", "muttered", "insist", "warn", "tweet", "posted",
		"texted", "emailed", "messaged":
		return true
	}
	return false
}

// isSpeechParticiple reports whether w is a participle of saying that hangs
// off a clause ("..., adding that", "insisting:").
func isSpeechParticiple(w string) bool {
	switch w {
	case "saying", "adding", "telling", "insisting", "warning", "noting", "arguing",
		"claiming", "declaring", "stating", "explaining", "asking", "replying",
		"urging", "writing", "calling", "describing", "stressing", "admitting",
		"conceding", "promising", "vowing", "suggesting", "shouting", "yelling",
		"complaining", "pleading", "joking", "recalling", "quipping",
		"chanting", "tweeting", "posting", "accusing", "demanding", "predicting":
		return true
	}
	return false
}

// subjectPronoun returns the gender a personal pronoun refers to. I, we and
// you are reported as not resolvable.
func subjectPronoun(w string) (speakerGender, bool) {
	switch w {
	case "he":
		return genderMale, true
	case "she":
		return genderFemale, true
	case "they":
		return genderPlural, true
	}
	return genderUnknown, false
}

// pronounGender returns the gender of any personal or possessive pronoun, for
// gathering evidence about a name.
func pronounGender(w string) speakerGender {
	if i := strings.IndexByte(w, '\''); i > 0 {
		w = w[:i] // she's, he'll
	}
	switch w {
	case "he", "him", "his", "himself":
		return genderMale
	case "she", "her", "hers", "herself":
		return genderFemale
	}
	return genderUnknown
}

// honorific reports whether w is a courtesy title and the gender it implies.
func honorific(w string) (speakerGender, bool) {
	switch w {
	case "mr", "sir", "lord", "messrs":
		return genderMale, true
	case "mrs", "ms", "miss", "dame", "lady", "mme", "mlle":
		return genderFemale, true
	case "mx", "dr", "prof", "rev", "fr", "hon", "doctor", "professor", "reverend":
		return genderUnknown, true
	}
	return genderUnknown, false
}

// isRoleWord reports whether w names a job, office or role that precedes or
// describes a person ("minister", "spokeswoman", "pensioner").
func isRoleWord(w string) bool {
	if strings.Contains(w, "-of-") || strings.HasSuffix(w, "-year-old") {
		return true // mum-of-two, 71-year-old
	}
	switch w {
	case "minister", "secretary", "spokesperson", "spokesman", "spokeswoman", "mayor",
		"president", "chief", "director", "governor", "senator", "chair", "chairman",
		"chairwoman", "chairperson", "ceo", "executive", "founder", "commissioner",
		"inspector", "superintendent", "sergeant", "detective", "constable", "officer",
		"coach", "manager", "judge", "professor", "councillor", "councilor",
		"councilwoman", "councilman", "alderman", "representative", "ambassador",
		"captain", "general", "admiral", "lieutenant", "colonel", "head", "leader",
		"deputy", "editor", "owner", "principal", "headteacher", "headmaster",
		"analyst", "economist", "treasurer", "engineer", "chancellor", "premier",
		"commander", "marshal", "sheriff", "attorney", "prosecutor", "lawyer",
		"solicitor", "barrister", "researcher", "scientist", "curator", "adviser",
		"advisor", "consultant", "organiser", "organizer", "campaigner", "activist",
		"resident", "teacher", "nurse", "driver", "farmer", "fisherman", "worker",
		"student", "pastor", "bishop", "imam", "rabbi", "planner", "administrator",
		"boss", "official", "pensioner", "teenager", "passenger", "protester",
		"protestor", "supporter", "fan", "father", "mother", "mum", "mom", "dad",
		"grandmother", "grandfather", "gran", "grandad", "widow", "widower", "wife",
		"husband", "daughter", "son", "sister", "brother", "man", "woman", "boy",
		"girl", "businessman", "businesswoman", "congressman", "congresswoman",
		"vicar", "doctor", "surgeon", "paramedic", "firefighter", "deckhand",
		"shopkeeper", "landlord", "landlady", "tenant", "boffin", "expert",
		"actor", "actress", "singer", "player",
		"striker", "goalkeeper", "referee", "mp", "mep", "mla", "mayor-elect",
		"vice-president", "governor-general",
		"mother-of-two", "father-of-two", "pilot", "skipper", "sailor", "trustee", "scholar", "historian", "author", "writer", "blogger",
		"journalist", "reporter", "columnist", "presenter", "host", "baker", "butcher",
		"plumber", "builder", "cleaner", "cook", "chef", "waiter", "waitress",
		"postman", "postwoman", "hairdresser", "mechanic", "electrician",
		"carpenter", "gardener", "caretaker", "guard", "porter", "miner", "soldier",
		"veteran", "volunteer", "granddaughter", "grandson", "niece", "nephew",
		"cousin", "aunt", "uncle", "partner", "friend", "neighbour", "neighbor",
		"colleague", "witness", "victim", "survivor", "customer", "shopper",
		"homeowner", "landowner", "shipowner", "fishwife", "artist", "painter",
		"photographer", "filmmaker", "musician", "dancer", "athlete":
		return true
	}
	if i := strings.LastIndexByte(w, '-'); i > 0 && i < len(w)-1 {
		return isRoleWord(w[i+1:]) // great-granddaughter, ex-minister
	}
	return false
}

// roleGender is the gender a role word implies, if any.
func roleGender(w string) speakerGender {
	switch w {
	case "spokeswoman", "chairwoman", "councilwoman", "businesswoman", "congresswoman",
		"mother", "mum", "mom", "grandmother", "gran", "widow", "wife", "daughter",
		"sister", "woman", "girl", "actress", "landlady":
		return genderFemale
	case "spokesman", "chairman", "councilman", "businessman", "congressman",
		"father", "dad", "grandfather", "grandad", "widower", "husband", "son",
		"brother", "man", "boy", "fisherman":
		return genderMale
	}
	if strings.HasPrefix(w, "mum-of-") || strings.HasPrefix(w, "mother-of-") {
		return genderFemale
	}
	if strings.HasPrefix(w, "dad-of-") || strings.HasPrefix(w, "father-of-") {
		return genderMale
	}
	return genderUnknown
}

// isOrgWord reports whether w marks a name as an organisation's.
func isOrgWord(w string) bool {
	switch w {
	case "ministry", "department", "council", "agency", "authority", "office",
		"committee", "commission", "company", "corporation", "corp", "inc", "ltd",
		"llc", "plc", "group", "bank", "university", "college", "institute",
		"foundation", "association", "union", "party", "police", "service",
		"services", "board", "court", "parliament", "assembly", "government",
		"trust", "society", "federation", "league", "club", "network", "times",
		"post", "herald", "news", "press", "gazette", "journal", "tribune",
		"chronicle", "guardian", "observer", "daily", "weekly", "radio",
		"television", "tv", "airlines", "airways", "hospital", "school", "church",
		"fund", "bureau", "administration", "coalition", "alliance", "center",
		"centre", "museum", "library", "partners", "holdings", "systems", "labs",
		"industries", "motors", "energy", "utilities", "railway", "railways",
		"transit", "exchange", "organisation", "organization", "unit", "squad",
		"brigade", "station", "team", "channel", "inspectorate", "regulator",
		"ferries", "newswire", "wire", "examiner", "sentinel", "blaze", "courier",
		"athletic", "rovers", "united", "fc", "cafe", "café", "restaurant", "shop",
		"hotel", "pub", "bar", "studio", "studios", "media", "mutual", "insurance",
		"assurance", "insurers", "capital", "investments", "trust's", "gallery",
		"theatre", "theater", "orchestra", "airline":
		return true
	}
	return false
}

// isPlaceWord reports whether w marks a name as a place's.
func isPlaceWord(w string) bool {
	switch w {
	case "street", "st", "road", "rd", "avenue", "ave", "lane", "square", "bay",
		"harbour", "harbor", "park", "river", "lake", "mount", "mountain", "island",
		"islands", "isle", "north", "south", "east", "west", "new", "port", "fort",
		"san", "santa", "saint", "valley", "hill", "hills", "bridge", "quay", "beach",
		"field", "fields", "green", "reservoir", "county", "city", "town", "village",
		"airport", "castle", "palace", "hall", "house", "tower", "market", "gate",
		"common", "heath", "wood", "woods", "forest", "point", "cape", "coast",
		"district", "province", "state", "republic", "kingdom", "sea", "ocean",
		"strait", "channel", "canal", "dock", "docks", "pier", "wharf", "terrace",
		"drive", "way", "place", "close", "crescent", "row", "upper", "lower",
		"outer", "inner", "great", "little", "central", "old":
		return true
	}
	return false
}

// isStopCap reports whether a capitalised w is a function word, weekday,
// month or other word that cannot begin a person's name.
func isStopCap(w string) bool {
	switch w {
	case "the", "a", "an", "in", "on", "at", "but", "and", "or", "if", "when",
		"while", "after", "before", "as", "it", "he", "she", "they", "we", "i",
		"you", "this", "that", "these", "those", "there", "here", "his", "her",
		"their", "our", "my", "its", "your", "according", "speaking", "asked",
		"yet", "so", "still", "then", "now", "later", "earlier", "last", "next",
		"for", "from", "with", "by", "of", "to", "meanwhile", "however", "also",
		"some", "many", "most", "all", "one", "two", "three", "several", "no",
		"not", "every", "each", "any", "other", "another", "what", "who", "which",
		"where", "why", "how", "whether", "although", "though", "because", "since",
		"until", "unless", "once", "during", "about", "over", "under", "outside",
		"inside", "between", "among", "despite", "without", "within", "around",
		"today", "yesterday", "tomorrow", "tonight", "monday", "tuesday",
		"wednesday", "thursday", "friday", "saturday", "sunday", "january",
		"february", "march", "july", "september", "october", "november",
		"december", "ok", "okay", "yes", "hello", "please", "thanks", "get",
		"here's", "there's", "it's", "that's", "what's", "let's", "i'm", "i'd",
		"i've", "i'll", "we're", "we've", "they're", "don't", "just", "even",
		"only", "both", "either", "neither", "such", "more", "less", "much",
		"very", "too", "again", "already", "instead", "indeed", "honestly",
		"apparently", "obviously", "clearly", "sadly", "fortunately", "unfortunately",
		"hope", "talked", "spoke", "banner", "sign", "said", "says", "added",
		"told", "did", "do", "does", "is", "was", "were", "are", "be", "has", "have",
		"had", "will", "would", "could", "should", "can", "may", "might", "must",
		"mr", "mrs", "ms", "dr", "prof", "sir", "dame", "miss", "mx", "lord", "lady":
		return true
	}
	return false
}

// isAdverbSkip reports whether w may stand between a speaker and a verb of
// saying ("she later said", "Doe has said").
func isAdverbSkip(w string) bool {
	switch w {
	case "also", "later", "then", "once", "again", "previously", "earlier", "simply",
		"just", "now", "still", "has", "had", "have", "would", "will", "did", "does",
		"was", "were", "is", "are", "am", "been", "being", "quickly", "quietly", "angrily", "firmly", "only",
		"repeatedly", "recently", "reportedly", "publicly", "privately", "bluntly",
		"flatly", "further", "herself", "himself":
		return true
	}
	return strings.HasSuffix(w, "ly") && len(w) > 4
}

// isLocationPreposition reports whether w, before a capitalised name,
// suggests a place rather than a person ("in Lindale").
func isLocationPreposition(w string) bool {
	switch w {
	case "in", "at", "near", "into", "across", "outside", "inside", "around",
		"towards", "toward", "via", "through", "beside", "along", "off":
		return true
	}
	return false
}

// isNameConnector reports whether w may join capitalised words inside one
// name ("Ministry of Trade", "Ludwig van Beethoven").
func isNameConnector(w string) bool {
	switch w {
	case "of", "de", "van", "von", "der", "den", "da", "di", "du", "del", "della",
		"la", "le", "bin", "al", "ter", "y", "and", "&", "for":
		return true
	}
	return false
}

// isAbbreviation reports whether a word followed by a full stop is an
// abbreviation whose dot does not end a sentence.
func isAbbreviation(w string) bool {
	if strings.IndexByte(w, '.') >= 0 {
		return true // U.S., a.m.
	}
	if len(w) == 1 && w[0] >= 'A' && w[0] <= 'Z' {
		return true // an initial
	}
	switch w {
	case "Mr", "Mrs", "Ms", "Dr", "Prof", "St", "Sen", "Rep", "Gov", "Gen", "Lt",
		"Col", "Capt", "Sgt", "Cpl", "Jr", "Sr", "Inc", "Ltd", "Co", "Corp", "Mt",
		"Ft", "vs", "etc", "Rev", "Hon", "Fr", "Messrs", "Jan", "Feb", "Mar", "Apr",
		"Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "approx", "Dept",
		"Univ", "Ave", "Blvd", "Rd", "Mx", "Mme", "Mlle", "Supt", "Insp", "Det",
		"Cllr", "Adm", "Brig", "Maj", "Pres", "Gov't", "No", "mr", "mrs", "ms", "dr":
		return true
	}
	return false
}

package report

// CheckHTML lets the external tests check pages with checkHTML.
var CheckHTML = checkHTML

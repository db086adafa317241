package order

// FillTransactionIDs gives every capture and refund without a transaction id the next one of
// Virto's "{paymentNumber}-NNN" scheme (§2.6). Call it after AssignNumbers, once payments have
// their numbers.
func FillTransactionIDs(o *CustomerOrder) {
	for i := range o.InPayments {
		p := &o.InPayments[i]
		for j := range p.Captures {
			if p.Captures[j].TransactionID == "" {
				p.Captures[j].TransactionID = NextTransactionID(p)
			}
		}
		for j := range p.Refunds {
			if p.Refunds[j].TransactionID == "" {
				p.Refunds[j].TransactionID = NextTransactionID(p)
			}
		}
	}
}
